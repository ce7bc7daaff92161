validate ../../../templates
