validate --providers ../plan/in/prov-test.psd1 ../plan/in/wf-templates.psd1 ../plan/in/req-basic.json
