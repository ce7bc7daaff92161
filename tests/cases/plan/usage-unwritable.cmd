plan in/ref-wf.psd1 -r in/ref-req.psd1 -p in/ref-prov.psd1 -o no/such/dir/plan.json
