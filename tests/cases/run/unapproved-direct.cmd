run in/wf-unapproved.psd1 -r in/req-unapproved.psd1 -p in/prov.psd1 --simulated-clock
