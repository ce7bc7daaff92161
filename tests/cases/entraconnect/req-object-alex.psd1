@{ LifecycleEvent = 'Joiner'; CorrelationId = 'ec-alex'; Intent = @{ ComputerName = 'localhost'; DistinguishedName = 'CN=Alex Wilber,OU=Users,DC=contoso,DC=com' } }
