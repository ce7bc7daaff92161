@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ec-broken'; Intent = @{ ComputerName = 'localhost'; DistinguishedName = 'CN=Broken User,OU=Users,DC=contoso,DC=com' } }
