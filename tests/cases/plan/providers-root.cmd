plan in/wf-templates.psd1 -r in/req-basic.json -p in/prov-root.psd1
