validate tree/sub/missing.psd1 tree/a.psd1
