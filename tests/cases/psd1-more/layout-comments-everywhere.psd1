<# header #>
# line
@{ # after open
  a <# before = #> = <# after = #> 1 # after value
  b = @( # in array
    1 # one
    <# two #> 2
  )
} # after root
;
