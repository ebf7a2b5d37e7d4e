"""Writing and editing a note, sharing it with named colleagues, revoking a share, and
handing a departed author's private notes over to a successor. Keyword-only, atomic,
audited, like every service; what the actor may not touch answers 404."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file

from ..files.entries import casefile_or_404, require_open
from ..privacy_questions import privacy
from ..scope import get_or_404, in_scope, require_office
from ..versioning import bump_version
from .access import SHARE_DAYS, author_present, social_workers_of
from .models import AccessKind, Note, NoteAccess, NoteVisibility


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason: it is kept and shown."), code="reason")
    return reason


def _end_date(expires_on: date | None) -> date:
    today = timezone.localdate()
    latest = today + timedelta(days=SHARE_DAYS)
    if expires_on is None:
        return latest
    if expires_on < today:
        raise ValidationError(_("The end date cannot be in the past."), code="expires_on")
    if expires_on > latest:
        raise ValidationError(
            _("A note is shared for %(days)s days at most: choose an earlier end date.")
            % {"days": SHARE_DAYS},
            code="expires_on",
        )
    return expires_on


@transaction.atomic
def share_note(
    *,
    actor: User,
    note_id: int,
    grantee_ids: list[int],
    reason: str,
    expires_on: date | None = None,
) -> list[NoteAccess]:
    """The author shares his note with named social workers of the file's office. Sharing
    again with the same colleague replaces the end date and the reason."""
    note = get_or_404(
        Note.objects.filter(author=actor).select_related("casefile"),
        actor,
        Can.WRITE_NOTES,
        note_id,
    )
    reason, expires_on = _reason(reason), _end_date(expires_on)
    colleagues = list(
        social_workers_of(note.casefile.office_id)
        .exclude(pk=actor.pk)
        .filter(pk__in=[int(pk) for pk in grantee_ids])
    )
    if not colleagues or len(colleagues) != len(set(grantee_ids)):
        raise ValidationError(
            _("Choose one or more social workers of the file's office."), code="grantees"
        )
    shares = []
    for colleague in colleagues:
        share = NoteAccess.objects.filter(
            note=note, grantee=colleague, kind=AccessKind.SHARE, revoked_at__isnull=True
        ).first() or NoteAccess(
            note=note, grantee=colleague, kind=AccessKind.SHARE, granted_by=actor
        )
        share.reason, share.expires_on, share.granted_at = reason, expires_on, timezone.now()
        share.save()
        record_for_file(
            actor=actor,
            action=Action.CREATE,
            casefile=note.casefile,
            obj=share,
            reason=_("note %(note)s shared with %(who)s until %(until)s: %(reason)s")
            % {"note": note.pk, "who": colleague, "until": expires_on, "reason": reason},
        )
        shares.append(share)
    return shares


@transaction.atomic
def revoke_note_share(*, actor: User, access_id: int) -> NoteAccess:
    """Only the author revokes a share of his note; the row stays, dated."""
    share = get_or_404(
        NoteAccess.objects.filter(
            note__author=actor, kind=AccessKind.SHARE, revoked_at__isnull=True
        ).select_related("note__casefile", "grantee"),
        actor,
        Can.WRITE_NOTES,
        access_id,
        office_path="note__casefile__office_id",
    )
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    record_for_file(
        actor=actor,
        action=Action.DELETE,
        casefile=share.note.casefile,
        obj=share,
        reason=_("share of note %(note)s with %(who)s revoked")
        % {"note": share.note_id, "who": share.grantee},
    )
    return share


@transaction.atomic
def hand_over_notes(
    *,
    actor: User,
    office_id: int,
    author_id: int,
    heir_id: int,
    reason: str,
    casefile_id: int | None = None,
) -> int:
    """The office manager names who reads the private notes of an author who left the
    office: of one file, or of all his files there. The manager reads none of them.
    Returns the number of notes handed over; one audit event per file."""
    require_office(actor, Can.HAND_OVER_NOTES, office_id)
    reason = _reason(reason)
    heir = social_workers_of(office_id).filter(pk=heir_id).first()
    if heir is None or heir.pk == author_id:
        raise ValidationError(_("Choose a social worker of the office."), code="heir")
    already = NoteAccess.objects.filter(
        grantee=heir, kind=AccessKind.INHERITANCE, revoked_at__isnull=True
    )
    notes = (
        in_scope(Note.objects.all(), actor, Can.HAND_OVER_NOTES)
        .filter(
            author_id=author_id, visibility=NoteVisibility.PRIVATE, casefile__office_id=office_id
        )
        .exclude(author_present())
        .exclude(Exists(already.filter(note_id=OuterRef("pk"))))
        .select_related("casefile")
        .only("pk", "casefile__id", "casefile__office_id", "casefile__household_id")
    )
    if casefile_id is not None:
        notes = notes.filter(casefile_id=casefile_id)
    chosen = list(notes)
    if not chosen:
        raise Http404  # no departed author's note there (or all already handed to the heir)
    NoteAccess.objects.bulk_create(
        NoteAccess(
            note=note,
            kind=AccessKind.INHERITANCE,
            grantee=heir,
            granted_by=actor,
            reason=reason,
        )
        for note in chosen
    )
    files = {note.casefile.pk: note.casefile for note in chosen}
    for casefile in files.values():
        record(
            actor=actor,
            action=Action.CREATE,
            object_kind="note_inheritance",
            object_id=author_id,
            office_id=casefile.office_id,
            household_id=casefile.household_id,
            reason=_("private notes of a departed author handed over to %(heir)s: %(reason)s")
            % {"heir": heir, "reason": reason},
        )
    return len(chosen)


@transaction.atomic
def write_note(
    *, actor: User, casefile_id: int, text: str, visibility: str = NoteVisibility.PRIVATE
) -> Note:
    casefile = casefile_or_404(actor, casefile_id, Can.WRITE_NOTES)
    require_open(casefile)
    if visibility not in NoteVisibility.values:
        raise ValidationError(_("Choose who may read the note."), code="visibility")
    if not (text or "").strip():
        raise ValidationError(_("A note cannot be empty."), code="required")
    note = Note.objects.create(
        casefile=casefile, author=actor, text=text.strip(), visibility=visibility
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=note)
    privacy().count_in_aggregate(note.text)
    return note


@transaction.atomic
def edit_note(*, actor: User, note_id: int, text: str, expected_version: int | None = None) -> Note:
    """Only the author edits a note, whoever else may read it."""
    note = get_or_404(
        Note.objects.filter(author=actor).select_related("casefile"),
        actor,
        Can.WRITE_NOTES,
        note_id,
    )
    if not (text or "").strip():
        raise ValidationError(_("A note cannot be empty."), code="required")
    bump_version(note, expected_version)
    before, note.text = note.text, text.strip()
    note.save()
    privacy().count_in_aggregate(note.text, before=before)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=note.casefile, obj=note)
    return note
