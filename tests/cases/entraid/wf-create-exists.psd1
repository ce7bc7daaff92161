@{
  Name = 'wf-create-exists'; LifecycleEvent = 'Joiner'
  Steps = @(
    @{ Name = 'CreateIdentity'; Type = 'IdLE.Step.CreateIdentity'
       With = @{ AuthSessionName = 'MicrosoftGraph'; AuthSessionOptions = @{ Role = 'Admin' }
                 IdentityKey = '{{Request.IdentityKeys.Key}}'
                 Attributes = @{ UserPrincipalName = 'adele.vance@contoso.com'; DisplayName = 'Adele Vance' } } }
  )
}
