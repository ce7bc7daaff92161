@{
#requires nonsense
a=1}