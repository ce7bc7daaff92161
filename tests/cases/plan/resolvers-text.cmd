plan in/wf-res-main.psd1 -r in/req-resolvers.psd1 -p in/prov-resolvers.psd1 --format text
