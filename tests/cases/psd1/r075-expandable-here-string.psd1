@{a=@"
$true "q" `t
"@}