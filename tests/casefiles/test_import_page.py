"""The manager's import page: upload, validation report with every bad row, confirmation,
and the import itself, whole or not at all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lien.casefiles import statistics
from lien.casefiles.models import HouseholdImport, ImportStatus, Person

from .test_import_households import BAD, GOOD, _csv, _snapshot

pytestmark = pytest.mark.django_db


def _upload(client, world, lines):
    return client.post(
        reverse("household_imports"),
        {"office": world.office.pk, "file": SimpleUploadedFile("foyers.csv", _csv(lines))},
    )


def test_a_file_with_bad_rows_shows_each_and_imports_nothing_until_chosen(client, world):
    client.force_login(world.users["manager"])
    before = _snapshot()
    response = _upload(client, world, GOOD + BAD)
    job = HouseholdImport.objects.get()
    assert response.url == reverse("household_import", args=[job.pk])
    page = client.get(response.url).content.decode()
    for line in ("<td>5</td>", "<td>6</td>", "<td>7</td>"):
        assert line in page
    assert "nom de naissance" in page and "3 lignes invalides" in page
    assert "Importer les 2 foyers valides" in page and "Importer tous" not in page
    # "Import all" is refused while rows are invalid.
    response = client.post(reverse("start_household_import", args=[job.pk]))
    assert response.status_code == 422 and _snapshot() == before
    client.post(reverse("start_household_import", args=[job.pk]), {"valid_only": "on"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.imported == 2 and bytes(job.content) == b""
    assert Person.objects.filter(birth_name="Lefèvre").count() == 2
    fragment = client.get(reverse("household_import_progress", args=[job.pk])).content.decode()
    assert "2 foyers importés" in fragment and "hx-get" not in fragment
    # Started once only.
    response = client.post(reverse("start_household_import", args=[job.pk]), {"valid_only": "on"})
    assert response.status_code == 422


def test_a_valid_file_is_imported_whole(client, world):
    client.force_login(world.users["manager"])
    job_url = _upload(client, world, GOOD).url
    assert "Importer tous les 2 foyers" in client.get(job_url).content.decode()
    job = HouseholdImport.objects.get()
    client.post(reverse("start_household_import", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.imported == 2


def test_a_failing_import_leaves_nothing_half_written(client, world, monkeypatch):
    client.force_login(world.users["manager"])
    _upload(client, world, GOOD)
    job = HouseholdImport.objects.get()
    before = _snapshot()

    def broken(events):
        raise RuntimeError("disk full")

    monkeypatch.setattr(statistics, "record_many", broken)
    client.post(reverse("start_household_import", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and bytes(job.content) == b""
    assert _snapshot() == before
    assert (
        "rien n’a été importé"
        in client.get(reverse("household_import", args=[job.pk])).content.decode()
    )


def test_an_unreadable_file_is_refused_on_the_form(client, world):
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("household_imports"),
        {"office": world.office.pk, "file": SimpleUploadedFile("foyers.txt", b"x")},
    )
    assert response.status_code == 422 and not HouseholdImport.objects.exists()
    assert "CSV ou XLSX" in response.content.decode()


def test_the_template_lists_the_columns(client, world):
    client.force_login(world.users["manager"])
    response = client.get(reverse("household_import_template"))
    assert response.content.decode("utf-8-sig").startswith("foyer;lien;nom_naissance;")


@pytest.mark.parametrize("role", ["social_worker", "secretary", "statistician", "dpo", "admin"])
def test_only_the_manager_reaches_the_page(client, world, role):
    client.force_login(world.users["manager"])
    _upload(client, world, GOOD)
    job = HouseholdImport.objects.get()
    client.force_login(world.users[role])
    assert client.get(reverse("household_imports")).status_code == 404
    assert client.get(reverse("household_import", args=[job.pk])).status_code == 404
    assert client.post(reverse("start_household_import", args=[job.pk])).status_code == 404


def test_what_the_file_says_comes_back_escaped(client, world):
    payload = "<img src=x onerror=alert(2)>"
    client.force_login(world.users["manager"])
    lines = [f"{payload};enfant;Petit;;Léo;;M;;"]  # a household without reference
    client.post(
        reverse("household_imports"),
        {"office": world.office.pk, "file": SimpleUploadedFile(f"{payload}.csv", _csv(lines))},
    )
    job = HouseholdImport.objects.get()
    assert payload in job.file_name and payload in job.errors[0][1]
    for url in (reverse("household_import", args=[job.pk]), reverse("household_imports")):
        page = client.get(url).content.decode()
        assert payload not in page and "&lt;img src=x" in page


def test_a_running_import_shows_its_progress_and_is_polled(client, world):
    from lien.background.models import Job, JobStatus

    client.force_login(world.users["manager"])
    _upload(client, world, GOOD)
    job = HouseholdImport.objects.get()
    running = Job.objects.create(
        kind="household_import",
        subject=str(job.pk),
        status=JobStatus.RUNNING,
        stage="writing",
        done=1,
    )
    HouseholdImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, job=running)
    fragment = client.get(reverse("household_import_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert 'max="2"' in fragment and 'value="1"' in fragment
    assert "Foyers écrits : 1 sur 2" in fragment
