doctor ../../../templates/providers.mock.psd1
