#requires -Version $v
@{a=1}