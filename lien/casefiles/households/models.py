"""Households and persons. There is no NIR (social-security number) field, by law."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ..search_key import person_key
from ..versioning import Versioned


class Household(Versioned):
    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return _("Household %(id)s") % {"id": self.pk}


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class Person(Versioned):
    birth_name = models.CharField(_("birth name"), max_length=100)
    usage_name = models.CharField(_("usage name"), max_length=100, blank=True)
    first_names = models.CharField(_("first names"), max_length=150)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    town = models.CharField(_("town"), max_length=120, blank=True)
    search_key = models.CharField(_("search key"), max_length=400, db_index=True, editable=False)
    # A death recorded in the file (lien/casefiles/changes): the person's memberships end
    # on that day and they are no longer offered as "who came".
    died_on = models.DateField(_("died on"), null=True, blank=True)

    class Meta:
        ordering = ["search_key"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        # Not the name: a str() ends up in logs and error reports.
        return _("Person %(id)s") % {"id": self.pk}

    @property
    def family_name(self) -> str:
        return self.usage_name or self.birth_name

    @property
    def full_name(self) -> str:
        name = f"{self.family_name.upper()} {self.first_names}"
        if self.usage_name and self.usage_name != self.birth_name:
            # "née" or "né" as the person's sex says; "né·e" when it is not recorded.
            if self.sex == Sex.FEMALE:
                born = pgettext("a woman", "née %(birth_name)s")
            elif self.sex == Sex.MALE:
                born = pgettext("a man", "née %(birth_name)s")
            else:
                born = str(_("née %(birth_name)s"))
            name += " " + born % {"birth_name": self.birth_name.upper()}
        return name

    def computed_search_key(self) -> str:
        return person_key(self.usage_name, self.birth_name, self.first_names)


class Relationship(models.TextChoices):
    REFERENCE = "reference", _("reference person")
    PARTNER = "partner", _("spouse or partner")
    CHILD = "child", _("child")
    RELATIVE = "relative", _("other relative")
    OTHER = "other", _("other person")


class MemberEnd(models.TextChoices):
    """Why a membership ended: the history of the household says it in words."""

    LEFT = "left", _("left the household")
    DIED = "died", _("died")
    SEPARATION = "separation", _("left at a separation")
    RELATIONSHIP = "relationship", _("relationship changed")


class HouseholdMember(models.Model):
    """One period of a person in a household with one relationship: a change of
    relationship ends the period and starts another, so that past composition stays."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    relationship = models.CharField(
        _("relationship to the reference person"), max_length=12, choices=Relationship.choices
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    end_reason = models.CharField(
        _("why the membership ended"), max_length=12, choices=MemberEnd.choices, blank=True
    )
    # The household the person joined on leaving, when it is known to Lien.
    moved_to = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household joined"),
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(left_on__isnull=True),
                name="member_once_per_household",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relationship=Relationship.REFERENCE, left_on__isnull=True),
                name="one_reference_person_per_household",
            ),
        ]
