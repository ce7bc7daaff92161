#requires -Version
@{a=1}