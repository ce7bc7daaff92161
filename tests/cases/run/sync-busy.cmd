run in/wf-dirsync.psd1 -r in/req-sync-busy.psd1 -p in/prov.psd1 --simulated-clock --events -
