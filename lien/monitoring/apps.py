from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "lien.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
