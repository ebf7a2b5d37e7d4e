"""The pages and searches that must stay fast at the size of a département run the same
number of queries whatever the amount of data (issue 8, bench/search_and_pages.py): each
test counts them on a small and on a larger set of data, so that a query per row fails
here rather than on a worker's 850-file caseload."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.files.selectors import CASELOAD_PAGE_SIZE, CaseloadFilters, caseload_for
from lien.casefiles.households.selectors import search_persons
from lien.casefiles.models import CaseFile, FileStatus

from ..factories import CaseFileFactory, PersonFactory, full_file

pytestmark = pytest.mark.django_db


def _count(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _files(office, worker, n, **fields) -> list[CaseFile]:
    files = [CaseFileFactory(office=office, referent=worker) for _ in range(n)]
    if fields:
        CaseFile.objects.filter(pk__in=[f.pk for f in files]).update(**fields)
    return files


def test_file_page_runs_the_same_queries_for_every_file(client, world):
    """Empty or full, open or closed: one count (it was 23 or 26 at 100,000 households)."""
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    empty = CaseFileFactory(office=world.office, referent=worker)
    full = full_file(world.office, worker)
    closed = full_file(world.office, worker)
    CaseFile.objects.filter(pk=closed.pk).update(status=FileStatus.CLOSED)
    client.get(f"/files/{empty.pk}/")  # the session and caches settle on a first load
    counts = {
        name: _count(lambda f=f: client.get(f"/files/{f.pk}/"))
        for name, f in {"empty": empty, "full": full, "closed": closed}.items()
    }
    assert len(set(counts.values())) == 1, counts


def test_the_file_page_reads_the_household_once(client, world):
    """Members, former members, the reference person and privacy's panel: one read of the
    household's members, with the file."""
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    casefile = full_file(world.office, worker)
    client.get(f"/files/{casefile.pk}/")
    with CaptureQueriesContext(connection) as captured:
        text = client.get(f"/files/{casefile.pk}/").content.decode()
    member_reads = [
        q["sql"] for q in captured if q["sql"].startswith('SELECT "casefiles_householdmember"')
    ]
    assert len(member_reads) == 1, member_reads
    reference = casefile.household.members.get(relationship="reference").person
    assert reference.first_names in text


def test_the_timeline_shows_the_problems_an_intervention_addressed(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    casefile = full_file(world.office, worker)
    problem = casefile.problems.get()
    text = client.get(f"/files/{casefile.pk}/").content.decode()
    timeline = text[text.index('id="timeline-title"') :]
    assert problem.item.label in timeline


def test_caseload_is_paged_in_a_fixed_number_of_queries(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    client.get("/caseload/")
    small = _count(lambda: client.get("/caseload/"))
    _files(world.office, worker, CASELOAD_PAGE_SIZE + 5)
    large = _count(lambda: client.get("/caseload/"))
    second = _count(lambda: client.get("/caseload/?page=2"))
    assert small == large == second
    page = caseload_for(actor=worker, page=2)
    mine = CaseFile.objects.filter(referent=worker, status=FileStatus.OPEN).count()
    assert page.count == mine and page.num_pages == 2
    assert len(page.files) == mine - CASELOAD_PAGE_SIZE
    first = caseload_for(actor=worker)
    assert len(first.files) == CASELOAD_PAGE_SIZE and first.has_next and not first.has_previous
    assert not set(first.files) & set(page.files)


def test_caseload_pages_keep_the_filters_and_put_open_files_first(client, world):
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)
    closed = _files(world.office, worker, 3, status=FileStatus.CLOSED)
    _files(world.office, worker, CASELOAD_PAGE_SIZE)
    everything = caseload_for(actor=worker, filters=CaseloadFilters(status=""), page=2)
    # The closed files come last, on the last page.
    assert {f.pk for f in closed} <= {f.pk for f in everything.files}
    assert [f.status for f in everything.files][-3:] == [FileStatus.CLOSED] * 3
    text = client.get("/caseload/?status=all").content.decode()
    assert "page 1 sur 2" in text
    # The link to the next page keeps the filter.
    assert "?status=all&amp;page=2" in text
    text = client.get("/caseload/?status=all&page=2").content.decode()
    assert all(f"/files/{f.pk}/" in text for f in closed)
    # A page past the end shows the last one; nonsense shows the first.
    assert client.get("/caseload/?status=all&page=99").context["page"].number == 2
    assert client.get("/caseload/?page=x").context["page"].number == 1


def test_caseload_open_problem_counts_are_per_file(world):
    worker = world.users[Role.SOCIAL_WORKER]
    full = full_file(world.office, worker)
    quiet = CaseFileFactory(office=world.office, referent=worker)
    CaseFile.objects.filter(pk=quiet.pk).update(
        last_contact_on=timezone.localdate() - timedelta(days=400)
    )
    page = caseload_for(actor=worker)
    counts = {f.pk: f.open_problems for f in page.files}
    assert counts[full.pk] == 1 and counts[quiet.pk] == 0
    only = caseload_for(actor=worker, filters=CaseloadFilters(with_open_problems=True))
    assert quiet not in only and full in only


def test_search_runs_a_fixed_number_of_queries(world):
    worker = world.users[Role.SOCIAL_WORKER]
    CaseFileFactory(office=world.office, reference=PersonFactory(birth_name="Quenouille"))
    search_persons(actor=worker, query="quenou")  # the actor's roles are read once
    one = _count(lambda: search_persons(actor=worker, query="quenou"))
    for _ in range(12):
        CaseFileFactory(office=world.office, reference=PersonFactory(birth_name="Quenouille"))
    found: list = []
    many = _count(lambda: found.extend(search_persons(actor=worker, query="quenou")))
    assert len(found) == 13 and one == many
