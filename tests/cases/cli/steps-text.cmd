steps
