plan ../../../templates/leaver.psd1 --request ../../../templates/requests/leaver.psd1 --providers ../../../templates/providers.mock.psd1 --correlation-id template-leaver --format text
