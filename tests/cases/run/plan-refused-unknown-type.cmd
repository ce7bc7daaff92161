run --plan in/plan-unknown-type.json -p in/prov.psd1
