#requires -RunAsAdministrator yes
@{a=1}