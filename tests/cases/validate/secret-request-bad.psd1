# A request may carry a secret (redacted in plans, events and results), but never
# in an error's excerpt, message or hint: a bare word, a computed value over two
# lines, a here-string, a secret next to an error on the same line.
@{
  LifecycleEvent = 'Joiner'
  IdentityKeys   = @{ Id = 'jdoe' }
  Intent         = @{
    Token = CANARY-r1
    InitialPassword =
      'CANARY-r2' + 'x'
    Password = @'
CANARY-r3
'@ + 1
    Secret = 'CANARY-r4'; Other = $x
  }
}
