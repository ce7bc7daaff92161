validate --kind nonsense x.psd1
