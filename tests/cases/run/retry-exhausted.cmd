run in/wf-retry-exhausted.psd1 -r in/req.psd1 -p in/prov-faults.psd1 --simulated-clock --format json
