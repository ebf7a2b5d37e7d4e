"""The REST API for the organisation's other systems (docs/admin/api.md): published
statistics, the catalogue, account provisioning, granted aid decisions. Each endpoint
goes through the same selectors, services, scope and audit as the pages; a client acts
with its token's scopes (lien/accounts/api_tokens/)."""
