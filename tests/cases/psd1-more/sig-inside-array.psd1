@{a=@(
# SIG # Begin signature block
1)}