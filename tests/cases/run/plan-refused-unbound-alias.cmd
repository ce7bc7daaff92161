run --plan in/plan-bound-sync.json -p in/prov-identity-only.psd1
