run wf.psd1 -r r.psd1 --provider p.psd1
