validate --format json --quiet ../validate/lifecycle-event-warning.psd1 ../validate/parse-error-bad.psd1
