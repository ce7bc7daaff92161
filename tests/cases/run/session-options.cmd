run in/wf-sessions.psd1 -r in/req-session-options.psd1 -p in/prov.psd1 --simulated-clock
