run --plan in/plan-cut.json -p in/prov.psd1
