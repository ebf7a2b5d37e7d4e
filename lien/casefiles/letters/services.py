"""Letter templates saved by the administrator (placeholders checked against the
catalogue), and letters produced for a file: each production recorded on the file and in
the audit log, in the same transaction as the bytes are made."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.base.words import long_date

from ..aid.models import AidRequest, AidStatus
from ..documents.models import DocumentKind
from ..files.entries import casefile_or_404, require_open
from ..privacy_questions import privacy
from .data import letter_data
from .models import ABOUT_AID, Letter, LetterFormat, LetterKind, LetterTemplate
from .placeholders import SITUATION_PREFIX, check_template, names_in
from .rendering import as_odt, as_pdf, letter_text

# The state a request must be in for each decision letter.
DECISION_STATUS: dict[str, str] = {
    LetterKind.DECISION_GRANTED: AidStatus.GRANTED,
    LetterKind.DECISION_REFUSED: AidStatus.REFUSED,
    # Adjourned: the request waits, submitted, for what is missing.
    LetterKind.DECISION_ADJOURNED: AidStatus.SUBMITTED,
}


@transaction.atomic
def save_letter_template(
    *,
    actor: User,
    name: str,
    kind: str,
    purpose: str,
    subject: str,
    body: str,
    is_active: bool = True,
    template_id: int | None = None,
) -> LetterTemplate:
    if not can(actor, Can.MANAGE_CATALOG):
        raise Http404
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Choose the kind of letter.")})
    if not (name or "").strip() or not (subject or "").strip() or not (body or "").strip():
        raise ValidationError(_("A template needs a name, a subject and a body."), code="required")
    check_template(f"{subject}\n{body}", purpose)
    action = Action.CREATE if template_id is None else Action.UPDATE
    found = (
        LetterTemplate()
        if template_id is None
        else LetterTemplate.objects.select_for_update().filter(pk=template_id).first()
    )
    if found is None:
        raise Http404
    template = found
    template.name, template.kind, template.purpose = name.strip(), kind, purpose
    template.subject, template.body, template.is_active = subject.strip(), body, is_active
    template.updated_at, template.updated_by = timezone.now(), actor
    if LetterTemplate.objects.filter(name=template.name).exclude(pk=template.pk).exists():
        raise ValidationError({"name": _("Another template has this name.")}, code="name")
    template.save()
    record(actor=actor, action=action, object_kind="lettertemplate", object_id=str(template.pk))
    return template


@dataclass(frozen=True)
class ProducedLetter:
    letter: Letter
    content: bytes
    filename: str
    content_type: str


def _aid_for(template: LetterTemplate, casefile_id: int, aid_request_id: int | None):
    if template.kind not in ABOUT_AID:
        return None
    aid = (
        AidRequest.objects.select_related("aid_type")
        .filter(pk=aid_request_id, casefile_id=casefile_id)
        .first()
        if aid_request_id
        else None
    )
    if aid is None:
        raise ValidationError({"aid_request": _("Choose the aid request the letter is about.")})
    if aid.status != DECISION_STATUS[template.kind]:
        raise ValidationError(
            {
                "aid_request": _("This letter does not fit the request: it is « %(status)s ».")
                % {"status": aid.get_status_display()}
            },
            code="status",
        )
    return aid


def _awaited_by_the_committee(aid: AidRequest) -> str:
    """The documents the committee named when it last adjourned the request, in words:
    what an adjournment letter says is missing when the worker typed nothing."""
    from ..committees.models import AgendaEntry, AgendaOutcome

    entry = (
        AgendaEntry.objects.filter(aid_request=aid, outcome=AgendaOutcome.ADJOURNED)
        .order_by("-decided_at", "-pk")
        .first()
    )
    if entry is None:
        return ""
    labels = dict(DocumentKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in entry.missing_documents)


@transaction.atomic
def produce_letter(
    *,
    actor: User,
    casefile_id: int,
    template_id: int,
    fmt: str = LetterFormat.PDF,
    aid_request_id: int | None = None,
    missing: str = "",
) -> ProducedLetter:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    # A letter is processing, and its production a row of the file: refused on a frozen
    # file (its audit event, an export, is not a write the log would refuse).
    privacy().refuse_if_limited(casefile)
    require_open(casefile)
    template = LetterTemplate.objects.filter(pk=template_id, is_active=True).first()
    if template is None:
        raise ValidationError({"template": _("Choose a letter template.")}, code="template")
    if fmt not in LetterFormat.values:
        raise ValidationError({"fmt": _("Choose PDF or ODT.")}, code="format")
    # The catalogue may have changed since the template was saved: checked again.
    check_template(f"{template.subject}\n{template.body}", template.purpose)
    aid = _aid_for(template, casefile.pk, aid_request_id)
    if template.kind == LetterKind.DECISION_ADJOURNED and not missing.strip() and aid:
        missing = _awaited_by_the_committee(aid)
    if template.kind == LetterKind.DECISION_ADJOURNED and not missing.strip():
        raise ValidationError(
            {"missing": _("Say what is missing for the request to be decided.")}, code="missing"
        )
    today = timezone.localdate()
    codes = {
        n.removeprefix(SITUATION_PREFIX)
        for n in names_in(template.body)
        if n.startswith(SITUATION_PREFIX)
    }
    data = letter_data(casefile, aid=aid, missing=missing, on=today, situation_codes=codes)
    text = letter_text(template, data)
    date_line = _("%(place)s, %(date)s") % {"place": casefile.office.name, "date": long_date(today)}
    content = as_pdf(text, date_line) if fmt == LetterFormat.PDF else as_odt(text, date_line)
    letter = Letter.objects.create(
        casefile=casefile, template=template, aid_request=aid, format=fmt, produced_by=actor
    )
    record_for_file(
        actor=actor, action=Action.EXPORT, casefile=casefile, obj=letter, reason=template.name
    )
    content_type = (
        "application/pdf" if fmt == LetterFormat.PDF else "application/vnd.oasis.opendocument.text"
    )
    return ProducedLetter(letter, content, f"courrier-{letter.pk}.{fmt}", content_type)
