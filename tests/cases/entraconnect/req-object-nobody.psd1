@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ec-nobody'; Intent = @{ ComputerName = 'localhost'; DistinguishedName = 'CN=Nobody,OU=Users,DC=contoso,DC=com' } }
