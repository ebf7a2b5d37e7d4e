"""The household's situation: the values of the catalogue's situation items for a file,
each change kept as history."""
