plan in/wf-secrets.psd1 -r in/req-basic.json -p in/prov-test.psd1
