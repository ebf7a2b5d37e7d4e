"""Reads of the letters: those produced for a file, and the templates offered."""

from dataclasses import dataclass

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..aid.models import AidRequest
from ..files.entries import casefile_or_404
from ..files.models import CaseFile
from .models import Letter, LetterTemplate


@dataclass(frozen=True)
class FileLetters:
    casefile: CaseFile
    letters: list[Letter]
    templates: list[LetterTemplate]
    aid_requests: list[AidRequest]


def letters_for(*, actor, casefile_id: int) -> FileLetters:
    casefile = casefile_or_404(actor, casefile_id, Can.VIEW_SOCIAL)
    letters = list(
        Letter.objects.filter(casefile=casefile).select_related(
            "template", "produced_by", "aid_request__aid_type"
        )
    )
    record_for_file(actor=actor, action=Action.LIST, casefile=casefile)
    return FileLetters(
        casefile=casefile,
        letters=letters,
        templates=list(LetterTemplate.objects.filter(is_active=True)),
        aid_requests=list(casefile.aid_requests.select_related("aid_type")),
    )
