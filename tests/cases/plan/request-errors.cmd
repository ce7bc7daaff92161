plan in/wf-templates.psd1 -r in/req-errors.psd1 -p in/prov-test.psd1
