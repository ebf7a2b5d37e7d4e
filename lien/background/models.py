"""What Lien knows of a piece of background work beyond what the task queue keeps: what it
is about, how far it has gone, when it last showed a sign of life, and which worker process
runs it. The task queue (django-tasks-db's `DBTaskResult`) knows only that a task was
claimed; a worker killed in the middle leaves its task "running" for ever. The job row is
what lets a restarted worker take the work up again, and lets a stuck one be failed."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


LIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    # What kind of work (`household_import`, `retention`, `notes_key`, `stats_protection`)
    # and what it is about (an import's id, a year): one live job per subject.
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    # The task of the queue that runs it (django-tasks-db's result id).
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life: queued, started, or a step done. A job that shows none for
    # LIEN_TASK_STUCK_AFTER while no worker runs it is stuck.
    heartbeat_at = models.DateTimeField(_("last progress at"), default=timezone.now)
    # "host:pid" of the worker process running it, to tell a dead worker from a slow one.
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    # What it is doing now, a code the pages put in words ("reading", "writing").
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    # Counts per step ({"archive": 120, …}), written in the same transaction as each step,
    # so that a run resumed after a crash reports the whole work, counted once.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # Why it failed: "error", "stuck" or "attempts" (code, shown through its label).
    failure = models.CharField(_("failure"), max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject"],
                condition=Q(status__in=LIVE),
                name="one_live_job_per_subject",
            )
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE
