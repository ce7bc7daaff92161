#Requires -Version 5.1 -PSEdition Core,Desktop
#requires -Modules @{ ModuleName = 'IdLE'; ModuleVersion = '0.9' }
#REQUIRES -RunAsAdministrator
#requires -ver 7 -Shell x
@{a=1}