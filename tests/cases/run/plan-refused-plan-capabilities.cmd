run --plan in/plan-emit-needs.json -p in/prov-identity-only.psd1 --simulated-clock
