plan in/wf-blank-values.psd1 -r in/req-basic.json -p ../run/in/prov.psd1
