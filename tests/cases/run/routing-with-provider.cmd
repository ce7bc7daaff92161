run in/wf-routing.psd1 -r in/req.psd1 -p in/prov-two.psd1 --simulated-clock
