@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ec-pat'; Intent = @{ ComputerName = 'localhost'; DistinguishedName = 'CN=Pat O''Brien,OU=Users,DC=contoso,DC=com' } }
