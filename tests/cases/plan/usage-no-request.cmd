plan in/ref-wf.psd1
