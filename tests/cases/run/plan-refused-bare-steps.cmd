run --plan in/plan-never.json -p in/prov.psd1 --simulated-clock --ignore-preconditions-and-onfailure
