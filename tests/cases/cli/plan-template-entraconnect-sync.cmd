plan ../../../templates/entraconnect-sync.psd1 --request ../../../templates/requests/entraconnect-sync.json --providers ../../../templates/providers.mock.psd1 --correlation-id template-sync
