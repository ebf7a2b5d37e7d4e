"""The test settings with the real task queue: the tests that run `db_worker` in a process
of their own (test_worker_killed.py) use it for that process and their set-up."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
