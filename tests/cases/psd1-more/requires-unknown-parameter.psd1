#requires -Foo 1
@{a=1}