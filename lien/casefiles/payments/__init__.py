"""Payment orders of granted aid, their batches, exports and return."""
