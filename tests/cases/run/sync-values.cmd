run in/wf-sync-values.psd1 -r in/req.psd1 -p in/prov.psd1 --simulated-clock --events -
