plan in/wf-res-fault.psd1 -r in/req-resolvers.psd1 -p in/prov-resolvers.psd1
