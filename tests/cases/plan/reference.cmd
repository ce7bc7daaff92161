plan in/ref-wf.psd1 --request in/ref-req.psd1 --providers in/ref-prov.psd1 --x-idle never
