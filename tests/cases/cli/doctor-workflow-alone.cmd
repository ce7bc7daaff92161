doctor ../../../templates/providers.mock.psd1 --workflow ../../../templates/joiner.psd1
