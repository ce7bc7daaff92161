@{a=1}
Write-Host 'x'
# done
