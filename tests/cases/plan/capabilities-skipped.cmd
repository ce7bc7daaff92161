plan in/wf-caps.psd1 -r in/req-leaver.psd1
