plan in/wf-res-main.psd1 -r in/req-resolvers.psd1 -p in/prov-statepath.psd1 --format text
