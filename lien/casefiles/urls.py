from django.urls import include, path

from . import views_situation
from .views import (
    appointments,
    caseload,
    documents,
    file_entry,
    file_page,
    imports,
    manager,
    reception,
)

urlpatterns = [
    # Reception
    path("reception/", reception.reception_desk, name="reception_desk"),
    path("persons/search/", reception.person_search, name="person_search"),
    path("persons/duplicates/", reception.likely_duplicates, name="likely_duplicates"),
    path("households/new/", reception.register_household, name="register_household"),
    path("files/<int:pk>/members/new/", reception.add_member, name="add_member"),
    path("files/<int:pk>/persons/<int:person_pk>/edit/", reception.edit_person, name="edit_person"),
    path("files/<int:pk>/visits/new/", reception.log_visit, name="log_visit"),
    # Appointments
    path("calendar/", appointments.calendar, name="calendar"),
    path(
        "files/<int:pk>/appointments/new/", appointments.book_appointment, name="book_appointment"
    ),
    path("appointments/<int:pk>/move/", appointments.move_appointment, name="move_appointment"),
    path(
        "appointments/<int:pk>/status/",
        appointments.set_appointment_status,
        name="set_appointment_status",
    ),
    path("appointments/<int:pk>/slip/", appointments.appointment_slip, name="appointment_slip"),
    # Documents
    path("files/<int:pk>/documents/new/", documents.attach_document, name="attach_document"),
    path("documents/<int:pk>/", documents.download_document, name="download_document"),
    # The file and quick entry
    path("caseload/", caseload.caseload, name="caseload"),
    path("files/<int:pk>/", file_page.casefile_detail, name="casefile_detail"),
    path("files/<int:pk>/situation/", views_situation.situation_edit, name="situation_edit"),
    path("files/<int:pk>/person-view/", file_page.person_view, name="person_view"),
    path("files/<int:pk>/close/", file_page.close_casefile, name="close_casefile"),
    path("files/<int:pk>/reopen/", file_page.reopen_casefile, name="reopen_casefile"),
    path("files/<int:pk>/transfer/", file_page.transfer_casefile, name="transfer_casefile"),
    path("files/<int:pk>/problems/", file_entry.open_problem, name="open_problem"),
    path("problems/<int:pk>/close/", file_entry.close_problem, name="close_problem"),
    path(
        "files/<int:pk>/interventions/",
        file_entry.record_intervention,
        name="record_intervention",
    ),
    path("files/<int:pk>/aid-requests/", file_entry.create_aid_request, name="create_aid_request"),
    path("aid-requests/<int:pk>/submit/", file_entry.submit_aid_request, name="submit_aid_request"),
    path("aid-requests/<int:pk>/decide/", file_entry.decide_aid_request, name="decide_aid_request"),
    path("files/<int:pk>/notes/", file_entry.write_note, name="write_note"),
    path("notes/<int:pk>/edit/", file_entry.edit_note, name="edit_note"),
    # Manager
    path("offices/files/", manager.office_files, name="office_files"),
    path("files/<int:pk>/referent/", manager.reassign, name="reassign_referent"),
    # Sharing notes, and handing over those of a social worker who left
    path("", include("lien.casefiles.notes.urls")),
    # The manager's import of households from a spreadsheet
    path("offices/imports/", imports.household_imports, name="household_imports"),
    path(
        "offices/imports/template.csv",
        imports.household_import_template,
        name="household_import_template",
    ),
    path("offices/imports/<int:pk>/", imports.household_import, name="household_import"),
    path(
        "offices/imports/<int:pk>/start/",
        imports.start_household_import,
        name="start_household_import",
    ),
    path(
        "offices/imports/<int:pk>/progress/",
        imports.household_import_progress,
        name="household_import_progress",
    ),
]
