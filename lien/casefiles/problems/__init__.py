"""The problems identified with a household (the catalogue's problem family) and the
interventions that address them."""
