plan retry/workflow.psd1 -r ../plan/in/req-basic.json -p retry/providers.psd1 --format text
