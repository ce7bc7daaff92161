validate no-workflows
