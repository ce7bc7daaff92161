# requires are below
@{a=1}