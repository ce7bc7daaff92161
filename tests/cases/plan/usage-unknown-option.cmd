plan in/ref-wf.psd1 -r in/ref-req.psd1 --frobnicate
