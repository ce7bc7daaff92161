run --plan in/plan-v2.json -p in/prov.psd1
