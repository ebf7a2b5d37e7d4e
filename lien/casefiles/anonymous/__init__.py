"""Visits at reception that need no file: a statistical event, nothing nominative."""
