validate tree
