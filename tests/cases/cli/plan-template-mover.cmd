plan ../../../templates/mover.psd1 --request ../../../templates/requests/mover.psd1 --providers ../../../templates/providers.mock.psd1 --correlation-id template-mover --format text
