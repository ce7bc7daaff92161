run in/wf-single-object.psd1 -r in/req.psd1 -p in/prov.psd1 --simulated-clock
