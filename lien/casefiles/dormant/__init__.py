"""Dormant files: an open file without contact for LIEN_DORMANT_MONTHS, proposed for
closing to its referent, then to the office's manager."""
