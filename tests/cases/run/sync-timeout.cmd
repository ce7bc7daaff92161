run in/wf-dirsync.psd1 -r in/req-sync-timeout.psd1 -p in/prov-slow-sync.psd1 --simulated-clock --events -
