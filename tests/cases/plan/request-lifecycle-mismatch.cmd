plan in/wf-templates.psd1 -r in/req-mover.psd1 -p in/prov-test.psd1
