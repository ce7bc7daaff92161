[ordered]
@{a=1}