validate --format json ../validate/with-keys-bad.psd1 ../validate/lifecycle-event-warning.psd1 ../validate/root-ok.psd1
