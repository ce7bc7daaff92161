plan in/wf-res-main.psd1 -r in/req-res-unknown.psd1 -p in/prov-resolvers.psd1 --format text
