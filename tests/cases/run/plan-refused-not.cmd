run --plan in/plan-not.json -p in/prov.psd1
