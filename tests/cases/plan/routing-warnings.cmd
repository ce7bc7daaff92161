plan in/wf-routing.psd1 -r in/req-leaver.psd1 -p in/prov-routing.psd1 --format text
