run in/wf-sync-boundary.psd1 -r in/req.psd1 -p in/prov-slow-sync.psd1 --simulated-clock --events -
