@{ LifecycleEvent = 'Leaver'; IdentityKeys = @{ Id = "jdoe@contoso.com`0.attacker" } }
