plan ../../../templates/joiner.psd1 --request ../../../templates/requests/joiner.psd1 --providers ../../../templates/providers.mock.psd1 --correlation-id template-joiner --format text
