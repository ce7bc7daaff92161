plan in/wf-res-errors.psd1 -r in/req-resolvers.psd1 -p in/prov-resolvers.psd1
