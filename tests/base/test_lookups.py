"""`object_or_404`: what a user can cause (a missing object, a key that cannot be one)
answers 404; what only the code can cause (a wrong lookup) raises."""

import pytest
from django.core.exceptions import FieldError
from django.http import Http404

from lien.base.lookups import object_or_404
from lien.offices.models import Office

from ..factories import OfficeFactory


@pytest.mark.django_db
def test_a_key_the_user_may_name_finds_the_object_or_answers_404():
    office = OfficeFactory()
    assert object_or_404(Office.objects.all(), office.pk) == office
    assert object_or_404(Office.objects.all(), str(office.pk)) == office
    for missing in (office.pk + 1, "abc", "", None, ["1"]):
        with pytest.raises(Http404):
            object_or_404(Office.objects.all(), missing)
    with pytest.raises(Http404):
        object_or_404(Office.objects.all(), office.pk, code="not-this-one")


@pytest.mark.django_db
def test_a_wrong_lookup_is_the_codes_mistake_and_raises():
    office = OfficeFactory()
    with pytest.raises(FieldError):
        object_or_404(Office.objects.all(), office.pk, no_such_field=1)
