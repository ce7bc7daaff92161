run in/wf-sync-delta.psd1 -r in/req.psd1 -p in/prov-initial.psd1 --simulated-clock --events -
