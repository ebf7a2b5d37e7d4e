"""Households and persons. There is no NIR (social-security number) field, by law."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
            name += " " + _("née %(birth_name)s") % {"birth_name": self.birth_name.upper()}
        return name

    def computed_search_key(self) -> str:
        return person_key(self.usage_name, self.birth_name, self.first_names)


class Relationship(models.TextChoices):
    REFERENCE = "reference", _("reference person")
    PARTNER = "partner", _("spouse or partner")
    CHILD = "child", _("child")
    RELATIVE = "relative", _("other relative")
    OTHER = "other", _("other person")


class HouseholdMember(models.Model):
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
