plan in/wf-conditions.psd1 --request in/req-basic.json --providers in/prov-test.psd1 --format text
