plan in/wf-preconditions.psd1 --request in/req-basic.json --providers in/prov-test.psd1
