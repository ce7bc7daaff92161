validat workflows
