@{a=1}
# SIG # Begin signature block
# MIIFGgYJKoZIhvcNAQcCoIIFCzCCBQcCAQExCzAJBgUrDgMCGgUAMGkGCisGAQQB
# SIG # End signature block
