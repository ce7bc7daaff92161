validate --format json ../plan/in/prov-root.psd1 ../plan/in/req-blank-event.psd1
