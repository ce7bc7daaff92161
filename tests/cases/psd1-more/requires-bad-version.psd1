#requires -Version seven
@{a=1}