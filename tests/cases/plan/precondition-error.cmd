plan in/wf-precondition-error.psd1 --request in/req-basic.json --providers in/prov-test.psd1
