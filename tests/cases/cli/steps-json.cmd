steps --format json
