# This comment is not a signature
@{a=1}