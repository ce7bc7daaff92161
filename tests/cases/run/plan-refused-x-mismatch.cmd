run --plan in/plan-x-mismatch.json -p in/prov.psd1 --simulated-clock
