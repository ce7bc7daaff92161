run --plan in/plan-truncated-keys.json -p in/prov.psd1 --ignore-preconditions-and-onfailure
