run in/wf-success.psd1 -r in/req.psd1
