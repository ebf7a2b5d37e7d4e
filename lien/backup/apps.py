from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "lien.backup"
    verbose_name = "Backup and restore"
