run ../../../templates/joiner.psd1 -r ../../../templates/requests/joiner.psd1 --simulated-clock --correlation-id default-1
