# No ComputerName and a Credential session (no Endpoint): nowhere to go.
@{ LifecycleEvent = 'Operational'; CorrelationId = 'ec-nowhere'; Intent = @{ ComputerName = ''; PolicyType = 'Delta' } }
