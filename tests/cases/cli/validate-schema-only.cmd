validate --schema-only ../validate/with-keys-bad.psd1 ../validate/templates-bad.psd1 ../validate/step-unknown-key-bad.psd1
