run --plan in/plan-success.json in/wf-success.psd1 -p in/prov.psd1
