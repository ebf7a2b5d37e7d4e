"""The roles of docs/domain.md ("Words", "Who sees what"). A role is held in an office,
through an OfficeMembership."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("social worker")
    SECRETARY = "secretary", _("secretary")
    MANAGER = "manager", _("office manager")
    STATISTICIAN = "statistician", _("statistician")
    DPO = "dpo", _("data-protection officer")
    ADMIN = "admin", _("administrator")
