plan in/wf-long-values.psd1 -r in/req-long-values.json --format text
