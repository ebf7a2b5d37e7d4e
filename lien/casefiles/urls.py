from django.urls import include, path

from .aid import views as aid
from .anonymous import views as anonymous
from .appointments import views as appointments
from .budget import views as budget
from .changes import views as changes
from .committees import views as committees
from .concerns import views as concerns
from .deadlines import views as deadlines
from .documents import views as documents
from .dormant import views as dormant
from .files import views as files
from .households import views as households
from .imports import views as imports
from .letters import views as letters
from .merges import views as merges
from .notes import views as notes
from .payments import views as payments
from .problems import views as problems
from .referrals import views as referrals
from .reminders import views as reminders
from .reports import views as reports
from .situation import views as situation
from .visits import views as visits

urlpatterns = [
    # Reception
    path("reception/", visits.reception_desk, name="reception_desk"),
    path("reception/without-file/", anonymous.anonymous_visit, name="anonymous_visit"),
    path("persons/search/", households.person_search, name="person_search"),
    path("persons/duplicates/", households.likely_duplicates, name="likely_duplicates"),
    path("households/new/", households.register_household, name="register_household"),
    path("files/<int:pk>/members/new/", households.add_member, name="add_member"),
    path(
        "files/<int:pk>/persons/<int:person_pk>/edit/", households.edit_person, name="edit_person"
    ),
    path("files/<int:pk>/visits/new/", visits.log_visit, name="log_visit"),
    # The household's changes, with their dates
    path(
        "files/<int:pk>/members/<int:person_pk>/leave/",
        changes.member_leaves,
        name="member_leaves",
    ),
    path(
        "files/<int:pk>/members/<int:person_pk>/death/", changes.record_death, name="record_death"
    ),
    path("files/<int:pk>/members/arrives/", changes.member_arrives, name="member_arrives"),
    path("files/<int:pk>/reference/", changes.change_reference, name="change_reference"),
    path("files/<int:pk>/separation/", changes.separate_household, name="separate_household"),
    # Duplicates merged by the manager, and dormant files closed
    path("duplicates/", merges.duplicates, name="duplicates"),
    path("duplicates/compare/", merges.compare, name="merge_compare"),
    path("duplicates/households/", merges.merge_households, name="merge_households"),
    path("duplicates/<int:pk>/undo/", merges.undo_merge, name="undo_merge"),
    path("files/<int:pk>/close-dormant/", dormant.close_dormant_file, name="close_dormant_file"),
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
    # Reminders of appointments to the persons who agreed
    path("files/<int:pk>/reminders/", reminders.reminder_consents, name="reminder_consents"),
    path(
        "reminder-consents/<int:pk>/withdraw/", reminders.withdraw_consent, name="withdraw_consent"
    ),
    # Referrals to partners, with what the person agreed to share
    path("files/<int:pk>/referrals/", referrals.file_referrals, name="file_referrals"),
    path("referrals/<int:pk>/answer/", referrals.referral_answer, name="referral_answer"),
    path(
        "sharing-agreements/<int:pk>/withdraw/",
        referrals.withdraw_agreement,
        name="withdraw_agreement",
    ),
    # Child-protection concerns sent to the CRIP: a record apart
    path("files/<int:pk>/concerns/", concerns.file_concerns, name="file_concerns"),
    path("concerns/", concerns.concern_list, name="concern_list"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/proof/", concerns.concern_proof, name="concern_proof"),
    path("concerns/<int:pk>/follow-up/", concerns.concern_follow_up, name="concern_follow_up"),
    # Documents
    path("files/<int:pk>/documents/new/", documents.attach_document, name="attach_document"),
    path("documents/<int:pk>/", documents.download_document, name="download_document"),
    # The file and quick entry
    path("caseload/", files.caseload, name="caseload"),
    path("files/<int:pk>/", files.casefile_detail, name="casefile_detail"),
    path("files/<int:pk>/situation/", situation.situation_edit, name="situation_edit"),
    path("files/<int:pk>/situation/entry/", situation.situation_entry, name="situation_entry"),
    path(
        "files/<int:pk>/situation/entry/form/",
        situation.situation_entry_form,
        name="situation_entry_form",
    ),
    path("files/<int:pk>/survey/", situation.survey_entry, name="survey_entry"),
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
    # The household budget, the social report of an aid request, the letters
    path("files/<int:pk>/budget/", budget.budget_page, name="budget_page"),
    path("files/<int:pk>/budget/card/", budget.budget_card, name="budget_card"),
    path("files/<int:pk>/budget/new/", budget.start_budget_sheet, name="start_budget_sheet"),
    path("budgets/<int:pk>/", budget.budget_sheet, name="budget_sheet"),
    path("budgets/<int:pk>/lines/", budget.add_budget_line, name="add_budget_line"),
    path("budget-lines/<int:pk>/remove/", budget.remove_budget_line, name="remove_budget_line"),
    path("aid-requests/<int:pk>/report/", reports.start_social_report, name="start_social_report"),
    path("social-reports/<int:pk>/", reports.social_report, name="social_report"),
    path(
        "social-reports/<int:pk>/agreement/",
        reports.record_report_agreement,
        name="record_report_agreement",
    ),
    path(
        "social-reports/<int:pk>/<str:recipient>.pdf",
        reports.social_report_pdf,
        name="social_report_pdf",
    ),
    path("files/<int:pk>/letters/", letters.letters_card, name="letters_card"),
    path("files/<int:pk>/letters/new/", letters.produce_letter, name="produce_letter"),
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
        "committees/agenda/<int:pk>/report/",
        committees.agenda_report,
        name="agenda_report",
    ),
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
    # Reminders of a file, and the office's counts
    path("files/<int:pk>/deadlines/", deadlines.file_deadlines, name="file_deadlines"),
    path("deadlines/<int:pk>/done/", deadlines.toggle_deadline, name="toggle_deadline"),
    path("offices/deadlines/", deadlines.team_deadlines, name="team_deadlines"),
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
