"""A long transaction's events are queued for sealing at its end, still inside it: until
its commit, no sealing round steps over thousands of entries it cannot see, and nothing
is lost (entries and events commit or roll back together)."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from lien.audit.chain import verify
from lien.audit.models import Action, AuditEvent, AuditSeal, PendingSeal, queued_at_the_end
from lien.audit.sealer import seal_pending
from lien.casefiles.imports.reading import plan_import, read_rows
from lien.casefiles.imports.services import import_households

from .conftest import logins


def _bulk_events(world, n):
    now = timezone.now()
    return [
        SimpleNamespace(
            at=now,
            actor_id=world.users["manager"].pk,
            actor_roles="manager",
            action=Action.CREATE,
            object_kind="casefile",
            object_id=str(k),
            office_id=world.office.pk,
            household_id=None,
            reason="",
            result_count=None,
            request_id="",
        )
        for k in range(n)
    ]


@pytest.mark.django_db
def test_entries_are_written_when_the_block_ends_then_sealed_in_one_chain(world):
    with transaction.atomic():
        with queued_at_the_end():
            logins(world, 2, sealed=False)
            AuditEvent.append_many(_bulk_events(world, 3))
            assert not PendingSeal.objects.exists()
        assert PendingSeal.objects.count() == 5
    seal_pending()
    verdict = verify()
    assert verdict.intact and verdict.waiting == 0 and verdict.checked == 5
    assert not PendingSeal.objects.exists()


@pytest.mark.django_db
def test_a_failed_block_leaves_neither_event_nor_entry(world):
    with pytest.raises(ZeroDivisionError), transaction.atomic(), queued_at_the_end():
        logins(world, 2, sealed=False)
        AuditEvent.append_many(_bulk_events(world, 2))
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.exists() and not PendingSeal.objects.exists()


@pytest.mark.django_db
def test_an_event_rolled_back_inside_the_block_leaves_the_chain_whole(world):
    with transaction.atomic(), queued_at_the_end():
        logins(world, 1, sealed=False)
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            logins(world, 1, sealed=False)
            1 / 0  # noqa: B018
    assert AuditEvent.objects.count() == 1 and PendingSeal.objects.count() == 2
    seal_pending()
    # The entry of the event that never was is dropped; the other is sealed.
    assert not PendingSeal.objects.exists() and AuditSeal.objects.count() == 1
    verdict = verify()
    assert verdict.intact and verdict.checked == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_is_refused(world):
    # Out of a transaction, each event would commit without its entry and never be sealed.
    with pytest.raises(RuntimeError), queued_at_the_end():
        pass


@pytest.mark.django_db
def test_an_import_queues_its_events_only_at_its_end(world):
    header = "foyer;lien;nom_naissance;nom_usage;prenoms;date_naissance;sexe;code_postal;ouvert_le"
    rows = [f"H{k};référence;Durand{k};;Anne;;F;93000;" for k in range(6)]
    plan = plan_import(read_rows("foyers.csv", ("\n".join([header, *rows]) + "\n").encode()))
    waiting_during = []

    def progress(done):
        waiting_during.append(PendingSeal.objects.count())

    import_households(
        actor=world.users["manager"], office_id=world.office.pk, plan=plan, progress=progress
    )
    assert waiting_during and set(waiting_during) == {0}
    # After it: one entry for each file created and one for the import itself.
    assert PendingSeal.objects.count() == AuditEvent.objects.count() == 7
    seal_pending()
    assert verify().intact and not PendingSeal.objects.exists()
