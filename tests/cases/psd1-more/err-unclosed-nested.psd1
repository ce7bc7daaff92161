@{
  Steps = @(
    @{ Name = 'x'
  )
}