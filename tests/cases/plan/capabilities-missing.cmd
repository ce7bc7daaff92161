plan in/wf-caps.psd1 -r in/req-leaver.psd1 -p in/prov-readonly.psd1
