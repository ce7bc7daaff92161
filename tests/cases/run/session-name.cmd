run in/wf-sessions.psd1 -r in/req-session-name.psd1 -p in/prov.psd1 --simulated-clock
