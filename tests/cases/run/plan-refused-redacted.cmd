run --plan in/plan-redacted.json -p in/prov.psd1
