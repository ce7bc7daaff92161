run --plan in/plan-bad-preconditions.json -p in/prov-identity-only.psd1 --simulated-clock
