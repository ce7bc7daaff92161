validate --format json ../validate/secret-request-bad.psd1 ../validate/secret-providers-bad.psd1
