"""The REST API's clients and their tokens: scoped, expiring, stored hashed, shown once,
and effective only once a second person approved them (the two keys of role_changes.py).
The endpoints themselves are in lien/api; this package is what the policy and the audit
log need to know of a client, so it stands with the accounts."""
