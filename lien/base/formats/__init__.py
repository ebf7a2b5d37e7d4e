"""Lien's own formats (settings.FORMAT_MODULE_PATH): the service is French, so dates,
times and amounts read the French way (12/03/1980, 14:30, 1 234,50) whichever language
the pages are in."""
