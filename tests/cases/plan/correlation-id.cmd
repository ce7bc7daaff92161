plan in/wf-res-auto.psd1 -r in/req-no-id.psd1 -p in/prov-one.psd1 --correlation-id CHG-42 --format text
