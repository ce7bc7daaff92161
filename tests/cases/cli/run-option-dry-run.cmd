run wf.psd1 -r r.psd1 --dryrun
