plan in/ref-wf.psd1 -r in/nope.psd1
