plan in/wf-template-errors.psd1 --request in/req-basic.json --providers in/prov-test.psd1
