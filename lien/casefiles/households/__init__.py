"""Households and the persons in them: registering a household at reception, its members,
correcting a person's identity, and finding a person by name."""
