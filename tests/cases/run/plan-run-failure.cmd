run --plan in/plan-failure.json -p in/prov.psd1 --simulated-clock --events -
