run --plan in/plan-bound.json -p in/prov.psd1 --simulated-clock
