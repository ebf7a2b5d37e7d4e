"""Bulk import of households from a spreadsheet, for an office that starts with Lien."""
