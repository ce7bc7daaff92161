convert tree
