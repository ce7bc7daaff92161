plan in/wf-templates.psd1 -r in/req-no-event.json -p in/prov-test.psd1
