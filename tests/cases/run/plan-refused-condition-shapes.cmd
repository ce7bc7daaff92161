run --plan in/plan-condition-shapes.json -p in/prov.psd1 --simulated-clock --ignore-preconditions-and-onfailure
