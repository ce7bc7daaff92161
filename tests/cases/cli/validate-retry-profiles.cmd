validate --providers retry/providers.psd1 retry/workflow.psd1
