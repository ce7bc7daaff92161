run --plan in/plan-string-precondition.json -p in/prov-identity-only.psd1 --simulated-clock
