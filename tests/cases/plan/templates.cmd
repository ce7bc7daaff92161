plan in/wf-templates.psd1 --request in/req-basic.json --providers in/prov-test.psd1
