@{ Providers = @{} }
