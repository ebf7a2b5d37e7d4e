from django.urls import include, path

from .aid import views as aid
from .appointments import views as appointments
from .committees import views as committees
from .documents import views as documents
from .files import views as files
from .households import views as households
from .imports import views as imports
from .notes import views as notes
from .payments import views as payments
from .problems import views as problems
from .situation import views as situation
from .visits import views as visits

urlpatterns = [
    # Reception
    path("reception/", visits.reception_desk, name="reception_desk"),
    path("persons/search/", households.person_search, name="person_search"),
    path("persons/duplicates/", households.likely_duplicates, name="likely_duplicates"),
    path("households/new/", households.register_household, name="register_household"),
    path("files/<int:pk>/members/new/", households.add_member, name="add_member"),
    path(
        "files/<int:pk>/persons/<int:person_pk>/edit/", households.edit_person, name="edit_person"
    ),
    path("files/<int:pk>/visits/new/", visits.log_visit, name="log_visit"),
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
    path("caseload/", files.caseload, name="caseload"),
    path("files/<int:pk>/", files.casefile_detail, name="casefile_detail"),
    path("files/<int:pk>/situation/", situation.situation_edit, name="situation_edit"),
    path("files/<int:pk>/person-view/", files.person_view, name="person_view"),
    path("files/<int:pk>/close/", files.close_casefile, name="close_casefile"),
    path("files/<int:pk>/reopen/", files.reopen_casefile, name="reopen_casefile"),
    path("files/<int:pk>/transfer/", files.transfer_casefile, name="transfer_casefile"),
    path("files/<int:pk>/problems/", problems.open_problem, name="open_problem"),
    path("problems/<int:pk>/close/", problems.close_problem, name="close_problem"),
    path(
        "files/<int:pk>/interventions/",
        problems.record_intervention,
        name="record_intervention",
    ),
    path("files/<int:pk>/aid-requests/", aid.create_aid_request, name="create_aid_request"),
    path("aid-requests/<int:pk>/submit/", aid.submit_aid_request, name="submit_aid_request"),
    path("aid-requests/<int:pk>/decide/", aid.decide_aid_request, name="decide_aid_request"),
    path("aid-requests/<int:pk>/edit/", aid.edit_aid_draft, name="edit_aid_draft"),
    path("aid-requests/<int:pk>/delete/", aid.delete_aid_draft, name="delete_aid_draft"),
    path(
        "aid-requests/<int:pk>/resubmit/",
        committees.resubmit_aid_request,
        name="resubmit_aid_request",
    ),
    # The aid committees and the payment orders (the committee secretary)
    path("committees/", committees.committee_sessions, name="committee_sessions"),
    path("committees/<int:pk>/", committees.committee_session, name="committee_session"),
    path(
        "committees/<int:pk>/agenda/<int:aid_pk>/",
        committees.put_on_agenda,
        name="put_on_agenda",
    ),
    path("committees/<int:pk>/close/", committees.close_session, name="close_session"),
    path(
        "committees/agenda/<int:pk>/decide/",
        committees.decide_in_session,
        name="decide_in_session",
    ),
    path("payments/", payments.payments, name="payments"),
    path("payments/order/<int:aid_pk>/", payments.order_payment, name="order_payment"),
    path("payments/batches/", payments.make_batch, name="make_payment_batch"),
    path("payments/batches/<int:pk>/", payments.payment_batch, name="payment_batch"),
    path(
        "payments/batches/<int:pk>/export.<str:fmt>",
        payments.export_batch,
        name="export_payment_batch",
    ),
    path("files/<int:pk>/notes/", notes.write_note, name="write_note"),
    path("notes/<int:pk>/edit/", notes.edit_note, name="edit_note"),
    # Manager
    path("offices/files/", files.office_files, name="office_files"),
    path("files/<int:pk>/referent/", files.reassign, name="reassign_referent"),
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
