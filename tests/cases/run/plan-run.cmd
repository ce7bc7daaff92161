run --plan in/plan-success.json -p in/prov.psd1 --simulated-clock
