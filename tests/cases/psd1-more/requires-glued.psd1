#requiresfoo
@{a=1}