"""What an audit event is about, in words: the log, "My activity", the DPO's extract and
the access export show "dossier n° 301", never "casefile 301".

An event's `object_kind` is either a model's name (written by `record_for`), told by the
model's own verbose name, or one of the kinds below, written by the code that records a
page read or an act with no row of its own. `tests/audit/test_object_kinds.py` fails when
the code records a kind that has no words here."""

from functools import cache

from django.apps import apps
from django.db.models import Model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NAMED_KINDS = {
    # Pages read
    "caseload": _("caseload"),
    "calendar": _("calendar"),
    "reception_day": _("reception day"),
    "office_files": _("office's files"),
    "unassigned_visits": _("visits without a file"),
    "archive": _("intermediate archive"),
    "identity": _("person's identity"),
    "statistics_grid": _("statistics grid"),
    "statistics_trends": _("statistics trends"),
    "annual_report": _("annual report"),
    "paper_grid": _("paper grid"),
    "paper_grid_history": _("history of a paper grid"),
    "grid_version": _("version of a statistics grid"),
    "audit_dashboard": _("data-protection dashboard"),
    "audit_extract_agent": _("extract of the log about an agent"),
    "audit_extract_household": _("extract of the log about a household"),
    "catalogue": _("catalogue"),
    "catalog_item": _("catalogue item"),
    "catalog_usage": _("use of the catalogue"),
    "catalog_version": _("catalogue version"),
    "catalog_register": _("register of processing"),
    "catalog_dpia": _("data-protection impact assessment inputs"),
    "household_import": _("household import"),
    "dormant_files": _("files without contact for a long time"),
    "merge_candidates": _("search for duplicates"),
    "merges": _("merges of duplicates"),
    "household_import_file": _("household import file"),
    "office_record_keeping": _("office's record keeping"),
    "note_inheritance": _("notes of a departed author"),
    "notes_key": _("notes key"),
    "notes_key_batch": _("notes re-encrypted in one batch of a key rotation"),
    "documents_storage": _("documents moved into the encrypted storage"),
    "worker_day": _("a social worker's appointments and arrivals of the day"),
    "rights_erasure": _("erasure of a file"),
    "retention_archive": _("archiving at the end of the retention period"),
    "retention_anonymise": _("anonymisation at the end of the retention period"),
    "anonymous_visit": _("visit without a file, counted"),
    "deadline_list": _("reminders of a file"),
    "task_list": _("a worker's task list"),
    "team_deadlines": _("reminders of an office, counted"),
    "reminder_consents": _("consents to reminders"),
    "reminder_messages": _("reminders sent to a person"),
    "partner_directory": _("directory of partners"),
    "referral_list": _("referrals of a file"),
    "concern_list": _("child-protection concerns"),
    "committee_awaiting": _("aid requests waiting for a committee"),
    "payments_to_order": _("granted aid waiting for its payment order"),
    "payment_orders": _("payment orders"),
    "payment_batches": _("batches of payment orders awaiting their return"),
    # Accounts
    "api_token_requested": _("API token asked for"),
    "api_token_approved": _("API token approved"),
    "api_token_refused": _("API token refused"),
    "api_token_revoked": _("API token revoked"),
    "api_token_refused_use": _("use of an API token refused"),
    "aid_decisions": _("granted aid decisions of an office"),
    "totp_device": _("second factor"),
    "backup_codes": _("backup codes"),
    "second_factor_reset": _("second factor reset"),
    "account_unlocked": _("account unlocked"),
    "account_created": _("account created"),
    "account_email_changed": _("account e-mail changed"),
    "account_deactivated": _("account deactivated"),
    "account_reactivated": _("account reactivated"),
    "password_changed": _("password changed"),
    "password_set_by_link": _("password set through a link"),
    "password_set_for_demo": _("demo password set"),
    "password_link_sent": _("password link sent"),
    "role_change_requested": _("role change requested"),
    "role_change_refused": _("role change refused"),
    "role_change_withdrawn": _("role change withdrawn"),
    "role_granted": _("role given"),
    "role_removed": _("role removed"),
    "role_granted_at_installation": _("role given at installation"),
    "role_granted_for_demo": _("role given for the demo"),
}


@cache
def _models_by_name() -> dict[str, type[Model]]:
    """Model names as `record_for` writes them, with the model that tells them."""
    return {
        str(model._meta.model_name): model
        for model in apps.get_models()
        if model.__module__.startswith("lien.")
    }


def kind_in_words(kind: str) -> str:
    """The kind of object in the reader's language; "" when the event is about nothing."""
    if not kind:
        return ""
    if kind in NAMED_KINDS:
        return str(NAMED_KINDS[kind])
    model = _models_by_name().get(kind)
    if model is not None:
        return str(model._meta.verbose_name)
    return gettext("other object")


def is_known_kind(kind: str) -> bool:
    return not kind or kind in NAMED_KINDS or kind in _models_by_name()


def object_in_words(kind: str, object_id: str) -> str:
    """ "dossier n° 301", "grille statistique activity:2025", "calendrier"."""
    words = kind_in_words(kind)
    if not object_id:
        return words
    if object_id.isdigit():
        return gettext("%(kind)s no. %(number)s") % {"kind": words, "number": object_id}
    return f"{words} {object_id}".strip()
