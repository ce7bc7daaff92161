@{
  Name = Joiner
  Broken = 'x
}