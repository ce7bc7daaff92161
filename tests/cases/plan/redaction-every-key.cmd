plan in/wf-emit.psd1 -r in/req-every-secret.json
