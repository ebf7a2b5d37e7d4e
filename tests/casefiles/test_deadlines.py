"""A file's reminders: recorded, ticked done, on the worker's home page overdue first,
and counted per office for the manager, never per worker."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.deadlines import selectors, services
from lien.casefiles.models import Deadline

from ..factories import member

pytestmark = pytest.mark.django_db


def _add(world, days, label, actor=None, **kwargs):
    return services.add_deadline(
        actor=actor or world.users[Role.SOCIAL_WORKER],
        casefile_id=world.file.pk,
        kind="right_renewal",
        label=label,
        due_on=timezone.localdate() + timedelta(days=days),
        **kwargs,
    )


def test_the_task_list_puts_overdue_first_and_leaves_done_out(world):
    later = _add(world, 10, "RSA")
    overdue = _add(world, -2, "AAH")
    done = _add(world, -5, "Avis d'imposition")
    services.set_deadline_done(
        actor=world.users[Role.SOCIAL_WORKER], deadline_id=done.pk, done=True
    )
    tasks = selectors.tasks_for(actor=world.users[Role.SOCIAL_WORKER])
    assert [t.pk for t in tasks] == [overdue.pk, later.pk]
    services.set_deadline_done(
        actor=world.users[Role.SOCIAL_WORKER], deadline_id=done.pk, done=False
    )
    assert len(selectors.tasks_for(actor=world.users[Role.SOCIAL_WORKER])) == 3


def test_bad_input_saves_nothing(world):
    with pytest.raises(ValidationError) as refused:
        services.add_deadline(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            kind="nonsense",
            label="  ",
            due_on=None,
        )
    assert set(refused.value.message_dict) == {"kind", "label", "due_on"}
    outsider = member(Role.SOCIAL_WORKER, world.other_office)
    with pytest.raises(ValidationError):
        _add(world, 1, "RSA", assigned_to_id=outsider.pk)
    assert not Deadline.objects.exists()


def test_a_colleague_of_the_office_may_be_given_it(world):
    colleague = member(Role.SOCIAL_WORKER, world.office)
    deadline = _add(world, 1, "Rappeler la CAF", assigned_to_id=colleague.pk)
    assert deadline.assigned_to == colleague
    assert selectors.tasks_for(actor=colleague)[0].pk == deadline.pk
    assert selectors.tasks_for(actor=world.users[Role.SOCIAL_WORKER]) == []


def test_the_manager_sees_counts_per_office_only(client, world):
    _add(world, -1, "AAH")
    _add(world, 3, "RSA")
    _add(world, 30, "CSS")
    rows = selectors.team_deadlines_for(actor=world.users[Role.MANAGER])
    assert [(r.office, r.overdue, r.this_week, r.later) for r in rows] == [(world.office, 1, 1, 1)]
    client.force_login(world.users[Role.MANAGER])
    page = client.get(reverse("team_deadlines")).content.decode()
    assert "En retard" in page and "jamais par agent" in page
    worker = world.users[Role.SOCIAL_WORKER]
    assert worker.last_name not in page and "RSA" not in page


def test_the_home_page_and_the_file_page(client, world):
    _add(world, -1, "Titre de séjour")
    client.force_login(world.users[Role.SOCIAL_WORKER])
    home = client.get(reverse("home")).content.decode()
    assert "Mes échéances" in home and "Titre de séjour" in home and "en retard" in home
    url = reverse("file_deadlines", args=[world.file.pk])
    response = client.post(
        url,
        {"kind": "document", "label": "Justificatif de domicile", "due_on": "01/01/2099"},
    )
    assert response.status_code == 302
    assert Deadline.objects.filter(label="Justificatif de domicile").exists()
    refused = client.post(url, {"kind": "document", "label": "x", "due_on": "2099-13-45"})
    assert refused.status_code == 200 and Deadline.objects.count() == 2
    client.force_login(world.users[Role.SECRETARY])
    assert client.get(url).status_code == 404
