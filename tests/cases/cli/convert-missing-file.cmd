convert nosuch.psd1
