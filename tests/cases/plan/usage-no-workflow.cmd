plan --request in/ref-req.psd1
