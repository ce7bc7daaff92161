@{a=@'
abc
}