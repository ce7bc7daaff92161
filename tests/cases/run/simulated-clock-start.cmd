run in/wf-success.psd1 -r in/req.psd1 -p in/prov.psd1 --simulated-clock=2026-03-01T08:30:00Z --events - --result /dev/null
