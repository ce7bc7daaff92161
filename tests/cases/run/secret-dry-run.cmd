run ../plan/in/wf-secret-cond.psd1 --request ../plan/in/req-secret.psd1 --dry-run
