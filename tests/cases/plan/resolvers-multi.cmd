plan in/wf-res-multi.psd1 -r in/req-resolvers.psd1 -p in/prov-resolvers.psd1 --x-idle never
