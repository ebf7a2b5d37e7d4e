"""What the reception desk records of a visit that needs no file: coarse categories only,
the same values the activity grid's tables list (lien/stats/grids/activity.yaml)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnonymousReason(models.TextChoices):
    INFORMATION = "information", _("information")
    ORIENTATION = "orientation-elsewhere", _("orientation towards a partner")
    PARTNER_APPOINTMENT = "partner-appointment", _("appointment for a partner")
    OTHER = "other", _("other request")


class Channel(models.TextChoices):
    DESK = "desk", _("at the desk")
    PHONE = "phone", _("by phone")
    MAIL = "mail", _("by post or e-mail")


class AgeBand(models.TextChoices):
    UNKNOWN = "", _("not asked")
    UNDER_18 = "0-17", _("under 18")
    FROM_18 = "18-24", _("18 to 24")
    FROM_25 = "25-39", _("25 to 39")
    FROM_40 = "40-59", _("40 to 59")
    FROM_60 = "60-74", _("60 to 74")
    FROM_75 = "75+", _("75 and over")
