run in/wf-dirsync.psd1 -r in/req-sync-nowait.psd1 -p in/prov-staging.psd1 --simulated-clock --events -
