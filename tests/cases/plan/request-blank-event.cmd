plan in/wf-templates.psd1 -r in/req-blank-event.psd1 -p in/prov-test.psd1
