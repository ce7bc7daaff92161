@{
  Name = 'crlf'
  Text = 'a
b'
  Here = @"
x
"@
}
