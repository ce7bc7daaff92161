validate --kind request ../plan/in/req-errors.psd1
