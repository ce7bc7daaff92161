#requires -PSEdition Linux
@{a=1}