@{a=@"
`"@ is text
"@}