validate --quiet tree
