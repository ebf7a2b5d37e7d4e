"""Aid schemes: the rules of each kind of aid, as data the administrator edits."""
