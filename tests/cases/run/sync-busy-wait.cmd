run in/wf-sync-busy-wait.psd1 -r in/req.psd1 -p in/prov-sync-now.psd1 --simulated-clock --events -
