from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagCategory(models.TextChoices):
    """The categories the CNIL warns against in free-text zones."""

    HEALTH = "health", _("health and diagnoses")
    ORIGIN = "origin", _("origin")
    RELIGION = "religion", _("religion")
    OPINIONS = "opinions", _("political or union opinions")
    SEXUAL_LIFE = "sexual_life", _("sex life")
    OFFENCES = "offences", _("offences and convictions")
    JUDGEMENT = "judgement", _("value judgements and insults")


class FreeTextFlagCount(models.Model):
    """How many saved notes touched a category in a month: the free-text guard's only
    trace. No text, no word, no author, no file."""

    category = models.CharField(_("category"), max_length=20, choices=FlagCategory.choices)
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("notes"), default=0)

    class Meta:
        ordering = ["-month", "category"]
        constraints = [
            models.UniqueConstraint(fields=["category", "month"], name="one_flag_count_a_month")
        ]
        verbose_name = _("free-text guard counter")
        verbose_name_plural = _("free-text guard counters")
