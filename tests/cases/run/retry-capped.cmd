run in/wf-retry-capped.psd1 -r in/req.psd1 -p in/prov-faults.psd1 --simulated-clock --events -
