run --plan in/plan-success.json -p in/prov-identity-only.psd1
