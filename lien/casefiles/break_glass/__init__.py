"""Break-glass: a social worker's emergency access to a file of another office, on an
exact identity and a reason, for a limited time, logged and shown to the DPO."""
