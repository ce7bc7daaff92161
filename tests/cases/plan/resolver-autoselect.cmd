plan in/wf-res-auto.psd1 -r in/req-resolvers.psd1 -p in/prov-one.psd1 --format text
