"""What the operators of a production Lien watch: the health check, the Prometheus
metrics and the structured logs (docs/admin/monitoring.md). Nothing here reads or
writes personal data."""
