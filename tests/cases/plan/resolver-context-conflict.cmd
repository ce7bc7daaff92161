plan in/wf-res-main.psd1 -r in/req-context-conflict.psd1 -p in/prov-resolvers.psd1
