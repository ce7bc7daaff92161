plan in/wf-emit.psd1 -r in/req-basic.json -p in/prov-errors-2.psd1
