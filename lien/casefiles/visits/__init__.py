"""Visits logged at reception, and the reception desk's day."""
