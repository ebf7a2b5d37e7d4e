"""The catalogue: the only things a file may record in structured form.

Problems, interventions, aid types and situation values all point to an Item, so that
what is collected is decided (and justified) here, not in the code.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    SITUATION = "situation", _("household situation")
    PROBLEM = "problem", _("problem")
    INTERVENTION = "intervention", _("intervention")
    AID = "aid", _("financial aid")
    POPULATION_SURVEY = "population_survey", _("population survey")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    DEPRECATED = "deprecated", _("deprecated")
    RETIRED = "retired", _("retired")


class ItemQuerySet(models.QuerySet):
    def offered(self, family: str):
        """Items a worker may choose today. Retired ones stay readable in old files."""
        return self.filter(family=family, status=Status.ACTIVE)


class Item(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    label_fr = models.CharField(_("French label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Whether recording this intervention means the person was in contact (an interview,
    # a home visit), which restarts the retention clock; a letter sent by the service does not.
    counts_as_contact = models.BooleanField(_("counts as a contact from the person"), default=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["family", "position", "code"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr
