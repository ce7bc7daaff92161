validate --format xml tree
