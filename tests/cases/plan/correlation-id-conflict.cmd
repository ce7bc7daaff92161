plan in/wf-templates.psd1 -r in/req-basic.json -p in/prov-test.psd1 --correlation-id other
