plan in/wf-blank-values.psd1 -r in/req-basic.json -p in/prov-null-options.psd1 --format text
