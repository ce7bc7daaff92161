# No newline at the end of the file: the root's problems still point at it.
@{ Name = 'No newline'; LifecycleEvent = 'Joiner' }