run wf.psd1 --requests r.psd1
