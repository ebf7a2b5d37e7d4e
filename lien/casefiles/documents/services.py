"""Attaching documents to a file. Reception and social workers attach and read them
(`EDIT_IDENTITY`); the manager, who sees no identity papers, does not."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..files.entries import casefile_or_404
from ..privacy_questions import privacy
from .models import Document, DocumentKind
from .validation import sniff


@transaction.atomic
def attach_document(
    *, actor: User, casefile_id: int, kind: str, uploaded, person_id: int | None = None
) -> Document:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_IDENTITY)
    # Checked before the upload is stored: a rollback would not remove it from the disk.
    privacy().refuse_if_limited(casefile)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")}, code="kind")
    person = None
    if person_id:
        member = casefile.household.members.filter(
            person_id=person_id, left_on__isnull=True
        ).first()
        if member is None:
            raise ValidationError(
                {"person": _("This person is not a member of the household.")}, code="person"
            )
        person = member.person
    content_type, extension = sniff(uploaded)
    size = uploaded.size
    # A random stored name: the uploaded name may carry the person's name.
    uploaded.name = f"{uuid.uuid4().hex}.{extension}"
    document = Document.objects.create(
        casefile=casefile,
        person=person,
        kind=kind,
        file=uploaded,
        content_type=content_type,
        size=size,
        uploaded_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=document)
    return document
