@{ Provider = @{ Identity = @{ Type = 'Mock' } } }
