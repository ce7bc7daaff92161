run in/wf-bare.psd1 -r in/req-unapproved.psd1 -p in/prov.psd1 --ignore-preconditions-and-onfailure
