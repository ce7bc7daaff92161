run in/wf-permanent.psd1 -r in/req.psd1 -p in/prov-faults.psd1 --simulated-clock --events -
