@{
  Name = Joiner
  Event = $env:USER
  Count = 1 + 2
  Cast = [int]'3'
}