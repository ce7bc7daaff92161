# SIG # Begin signature block
@{a=1}