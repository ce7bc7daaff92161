@{ LifecycleEvent = 'Leaver'; CorrelationId = 'ei-leaver'
   IdentityKeys = @{ UserPrincipalName = 'lee.gu@contoso.com' }
   Intent = @{ DisplayName = 'Lee Gu'
     RevokeAllGroupMemberships = $false; PruneGroupMemberships = $true; LeaverRetainGroupId = 'Alumni'
     RevokeAdministrativeUnitMemberships = $false; PruneAdministrativeUnitMemberships = $true
     RetainAdministrativeUnitId = '30000000-0000-4000-8000-000000000003'
     DeleteAfterDisable = $false } }
