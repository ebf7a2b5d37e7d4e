"""The audit log's pages: the DPO's dashboard, the log (everyone's own activity, the whole
log for the DPO) and its extract. Pages, so they stand on top (docs/architecture.md,
Layers): they read the case files and the accounts, which the audit log itself, below
them, never imports."""
