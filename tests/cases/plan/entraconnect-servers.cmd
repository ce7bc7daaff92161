plan in/wf-entraconnect-servers.psd1 -r in/req-basic.json -p in/prov-entraconnect.psd1
