plan in/ref-wf.psd1 --request in/ref-req.psd1
