@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ec-scope'; Intent = @{ ComputerName = 'localhost'; DistinguishedName = 'CN=Out Of Scope,OU=Disabled,DC=contoso,DC=com' } }
