"""The administration of the organisation: its offices and towns in the administration
site, and how an office keeps its records (services.py). Here, not in `lien.offices`:
both ask the access policy, and the offices stand below the accounts
(docs/architecture.md, Layers)."""
