"""Appends from concurrent requests never fork the chain, and no writer waits for another's
commit: each event is sealed after its transaction, by whichever sealer gets there."""

import threading
import time

import pytest
from django.db import connection

from lien.audit.chain import verify
from lien.audit.models import Action, AuditEvent, AuditSeal, PendingSeal
from lien.audit.sealer import stop_background_sealer
from lien.audit.services import record


@pytest.mark.parametrize("sealer", ["after-commit", "background"])
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain(world, settings, sealer):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The in-memory test database shares one cache with table locks that fail at
        # once instead of waiting; the demo's file database (WAL, IMMEDIATE
        # transactions, busy timeout) queues writers. PostgreSQL runs this test.
        pytest.skip("needs a database where concurrent writers wait (PostgreSQL)")
    settings.LIEN_AUDIT_SEALER = sealer
    agents = [world.users["social_worker"], world.users["secretary"], world.users["manager"]]
    errors = []

    def append(agent):
        try:
            for _ in range(15):
                record(actor=agent, action=Action.SEARCH, object_kind="person", result_count=1)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(agent,)) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(action=Action.SEARCH).count() == 45
    # The background sealer may still be at work: wait for it (bounded), not for a time.
    for _ in range(100):
        if not PendingSeal.objects.exists():
            break
        time.sleep(0.1)
    stop_background_sealer()  # and its connection, before the test database is dropped
    verdict = verify()
    assert verdict.intact, verdict
    # Every event sealed after its commit (the sealers look again once they have finished).
    assert verdict.waiting == 0 and verdict.checked == AuditEvent.objects.count()
    links = list(AuditSeal.objects.values_list("previous", flat=True))
    assert len(links) == len(set(links))  # no two seals chained onto the same one
