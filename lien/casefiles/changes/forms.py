"""The forms of the household changes: each checks the shape of its input, the services
check the rules (dates, who may leave, what goes with whom)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm, choice_field

from ..forms import worker_choices
from ..households.models import Relationship

_OTHER_RELATIONSHIPS = [
    (v, label) for v, label in Relationship.choices if v != Relationship.REFERENCE
]


def _named(members):
    return [(m.person_id, m.person.full_name) for m in members]


class LeaveForm(LienForm):
    left_on = DateField(label=_("Left on"))
    joins_casefile = forms.IntegerField(
        label=_("File number of the household joined"),
        required=False,
        min_value=1,
        help_text=_("If the person joins a household followed in your office."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship in the household joined"),
        choices=_OTHER_RELATIONSHIPS,
        initial=Relationship.OTHER,
    )


class DeathForm(LienForm):
    died_on = DateField(label=_("Date of death"))
    new_reference = forms.TypedChoiceField(
        label=_("New reference person"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, others=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "new_reference").choices = [("", "—"), *_named(others)]


class ReferenceForm(LienForm):
    person = forms.TypedChoiceField(label=_("New reference person"), coerce=int)
    changed_on = DateField(label=_("Since"))
    former_reference_becomes = forms.ChoiceField(
        label=_("The former reference person becomes"),
        choices=_OTHER_RELATIONSHIPS,
        initial=Relationship.PARTNER,
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = _named(members)


class SeparationForm(LienForm):
    leaving = forms.TypedMultipleChoiceField(
        label=_("Who leaves to form the new household"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    new_reference = forms.TypedChoiceField(
        label=_("Reference person of the new household"), coerce=int
    )
    remaining_reference = forms.TypedChoiceField(
        label=_("Reference person of those who stay, if the reference person leaves"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    separated_on = DateField(label=_("Separated on"))
    problems = forms.TypedMultipleChoiceField(
        label=_("Problems that go with the new household"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    aid_requests = forms.TypedMultipleChoiceField(
        label=_("Aid requests that go with the new household"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referent = forms.TypedChoiceField(
        label=_("Referent of the new file"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, members=(), problems=(), aid_requests=(), workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        named = _named(members)
        choice_field(self, "leaving").choices = named
        choice_field(self, "new_reference").choices = named
        choice_field(self, "remaining_reference").choices = [("", "—"), *named]
        choice_field(self, "problems").choices = [(p.pk, p.item.label) for p in problems]
        choice_field(self, "aid_requests").choices = [
            (a.pk, a.aid_type.label) for a in aid_requests
        ]
        choice_field(self, "referent").choices = [("", "—"), *worker_choices(workers)]


class ArrivalForm(LienForm):
    """A person already in Lien, found by name, arrives in this household. Only the
    persons the search found can be chosen: another answers in words, not with a list."""

    person = forms.TypedChoiceField(
        label=_("Person who arrives"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the person who arrives."),
            "invalid_choice": _("Choose a person found in the offices you can see."),
        },
    )
    joined_on = DateField(label=_("Arrived on"))
    relationship = forms.ChoiceField(
        label=_("Relationship to the reference person"),
        choices=_OTHER_RELATIONSHIPS,
        initial=Relationship.OTHER,
    )

    def __init__(self, *args, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = [
            (match.person.pk, _described(match)) for match in found
        ]


def _described(match) -> str:
    """The name, and where the person is known: the files of their households."""
    where = ", ".join(
        str(_("file no. %(id)s, %(office)s") % {"id": f.pk, "office": f.office.name})
        for f in match.casefiles
    )
    return f"{match.person.full_name} ({where})" if where else match.person.full_name
