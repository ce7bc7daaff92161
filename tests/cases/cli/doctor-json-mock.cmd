doctor ../run/in/prov.psd1 --workflow ../run/in/wf-dirsync.psd1 --request ../run/in/req-sync-wait.psd1 --format json
