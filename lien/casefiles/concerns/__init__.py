"""Child-protection concerns (informations préoccupantes) sent to the département's CRIP:
a record apart from the file, seen only by its author, the office's manager and the
CRIP role; never on the page shown to the person; in statistics only as a count."""
