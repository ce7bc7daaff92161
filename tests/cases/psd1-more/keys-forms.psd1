@{'a b'=1; "tab`t"=2; @'
here
'@=3; über=4; _x=5; k9=6}