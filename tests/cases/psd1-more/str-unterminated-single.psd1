@{a='abc
}