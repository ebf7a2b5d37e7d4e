"""Dated reminders of a file (a right to renew, a document to bring, a follow-up call),
a worker's task list and the manager's counts per office."""
