convert --bogus x.psd1
