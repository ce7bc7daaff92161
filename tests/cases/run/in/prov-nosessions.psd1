@{ Providers = @{ Identity = @{ Type = 'Mock' } } }
