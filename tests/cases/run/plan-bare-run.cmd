run --plan in/plan-bare.json -p in/prov.psd1 --simulated-clock --ignore-preconditions-and-onfailure
