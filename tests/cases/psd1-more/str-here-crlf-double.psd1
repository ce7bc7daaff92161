@{a=@"
$true
"@}