"""The set-up steps of test_worker_killed.py, each run in a process of its own against the
database of DATABASE_URL (python -m tests.background.scenario STEP N).

    import N      an office, its manager, a checked file of N households, confirmed:
                  the import is queued for the worker
    again         the same file uploaded once more (prints the refusal)
    retention N   N households whose files closed in 2020, and a retention run queued
"""

import sys
from datetime import date

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.utils import translation  # noqa: E402

from lien.accounts.roles import Role  # noqa: E402
from lien.casefiles.imports import services  # noqa: E402
from lien.casefiles.imports.reading import plan_import, read_rows  # noqa: E402
from lien.casefiles.models import CaseFile, FileStatus, HouseholdImport  # noqa: E402
from lien.privacy.tasks import enqueue_retention  # noqa: E402
from tests.factories import OfficeFactory, member  # noqa: E402

HEADER = "foyer;lien;nom_naissance;nom_usage;prenoms;date_naissance;sexe;code_postal;ouvert_le"


def spreadsheet(households: int) -> bytes:
    lines = [HEADER]
    for n in range(households):
        lines.append(f"H{n};référence;Martin{n};;Jeanne;12/03/1980;F;93000;01/02/2020")
        lines.append(f"H{n};enfant;Martin{n};;Léo;01/05/2012;M;;")
    return ("\n".join(lines) + "\n").encode()


def queue_import(households: int) -> None:
    office = OfficeFactory(code="kill")
    manager = member(Role.MANAGER, office, username="manager-kill")
    checked = services.check_import(
        actor=manager, office_id=office.pk, file_name="foyers.csv", content=spreadsheet(households)
    )
    started = services.start_import(actor=manager, import_id=checked.pk, valid_only=False)
    print(started.pk, started.job_id)


def upload_again(households: int) -> None:
    manager = HouseholdImport.objects.get().created_by
    try:
        services.check_import(
            actor=manager,
            office_id=manager.memberships.get().office_id,
            file_name="copie.csv",
            content=spreadsheet(households),
        )
    except ValidationError as error:
        print("refused:", " ".join(error.messages))


def queue_retention(households: int) -> None:
    office = OfficeFactory(code="retention")
    manager = member(Role.MANAGER, office, username="manager-retention")
    plan = plan_import(read_rows("foyers.csv", spreadsheet(households)))
    services.import_households(actor=manager, office_id=office.pk, plan=plan)
    closed = date(2020, 1, 15)
    CaseFile.objects.update(
        status=FileStatus.CLOSED, closed_on=closed, close_reason="goals_met", last_contact_on=closed
    )
    job = enqueue_retention(batch_size=5)
    print(job.pk)


if __name__ == "__main__":
    step, count = sys.argv[1], int(sys.argv[2])
    with translation.override("fr"):
        {"import": queue_import, "again": upload_again, "retention": queue_retention}[step](count)
