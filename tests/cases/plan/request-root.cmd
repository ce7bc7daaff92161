plan in/wf-templates.psd1 -r in/req-root.json -p in/prov-test.psd1
