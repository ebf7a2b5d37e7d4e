"""Scanned documents kept with a file (identity, proofs): attached, then read only through
a selector, never served as static files."""
