run in/wf-sync-default-poll.psd1 -r in/req.psd1 -p in/prov-late-start.psd1 --simulated-clock --events -
