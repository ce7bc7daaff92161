plan in/wf-res-read-auto.psd1 -r in/req-resolvers.psd1 -p in/prov-readonly.psd1
