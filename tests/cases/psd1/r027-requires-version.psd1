#requires -Version 7.0
@{a=1}