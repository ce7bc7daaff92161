run in/wf-dirsync.psd1 -r in/req-sync-wait.psd1 -p in/prov-initial.psd1 --simulated-clock --events -
