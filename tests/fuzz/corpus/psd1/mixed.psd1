#requires -Version 7
@{a=@(1,,2); b=[ordered]@{}; c=$(1;2); d=-bnot 0x7FFFFFFFFFFFFFFF}
