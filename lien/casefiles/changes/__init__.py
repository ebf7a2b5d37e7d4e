"""The life of a household, with dates: a member arrives or leaves, a death, a change of
reference person, a separation that splits one household into two files."""
