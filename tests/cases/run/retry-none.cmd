run in/wf-retry-none.psd1 -r in/req.psd1 -p in/prov-faults.psd1 --simulated-clock --events -
