@{
  Name = 'wf-create-generated'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'CreateIdentity'; Type = 'IdLE.Step.CreateIdentity'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }
                 IdentityKey = '{{Request.IdentityKeys.Key}}'
                 Attributes = @{ UserPrincipalName = 'megan.bowen@contoso.com'; DisplayName = 'Megan Bowen'; Department = ''; JobTitle = $null; Manager = 'alex.wilber@contoso.com'; UsageLocation = 'US' } } }
  )
}
