plan in/wf-secret-cond.psd1 --request in/req-secret.psd1
