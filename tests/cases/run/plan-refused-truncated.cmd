run --plan in/plan-truncated.json -p in/prov.psd1 --ignore-preconditions-and-onfailure
