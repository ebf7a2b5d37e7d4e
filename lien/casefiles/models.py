"""The models of the case files, registered with Django from here.

Each sub-part keeps its models in its own package (`households/`, `files/`, `situation/`,
`visits/`, `appointments/`, `problems/`, `aid/`, `notes/`, `documents/`, `imports/`); Django
loads an app's models from `<app>.models`, so this module imports them all, in the order
they were always registered. All are in the `casefiles` app (same tables, same
migrations). Code outside the case files imports a model from here:
`from lien.casefiles.models import CaseFile`.
"""

# The order of registration, kept as it was before the sub-parts had their packages: it is
# the order of apps.get_models() (the data inventory, the register, the backups' dumps).
# isort: off
from .households.models import Household, HouseholdMember, Person, Relationship, Sex
from .files.models import CaseFile, CloseReason, FileStatus
from .situation.models import SituationValue
from .visits.models import Visit, VisitReason
from .appointments.models import Appointment, AppointmentKind, AppointmentStatus
from .problems.models import Intervention, Problem
from .notes.models import AccessKind, Note, NoteAccess, NoteVisibility
from .aid.models import AidRequest, AidStatus
from .documents.models import Document, DocumentKind
from .imports.models import HouseholdImport, ImportStatus
from .schemes.models import AidScheme, Decider, ReasonKind, SchemeReason
from .committees.models import AgendaEntry, AgendaOutcome, CommitteeSession
from .payments.models import BankDetails, PayeeKind, PaymentBatch, PaymentOrder, PaymentStatus
from .versioning import Versioned

# isort: on

__all__ = [
    "AccessKind",
    "AgendaEntry",
    "AgendaOutcome",
    "AidRequest",
    "AidScheme",
    "AidStatus",
    "Appointment",
    "AppointmentKind",
    "AppointmentStatus",
    "BankDetails",
    "CaseFile",
    "CloseReason",
    "CommitteeSession",
    "Decider",
    "Document",
    "DocumentKind",
    "FileStatus",
    "Household",
    "HouseholdImport",
    "HouseholdMember",
    "ImportStatus",
    "Intervention",
    "Note",
    "NoteAccess",
    "NoteVisibility",
    "PayeeKind",
    "PaymentBatch",
    "PaymentOrder",
    "PaymentStatus",
    "Person",
    "Problem",
    "ReasonKind",
    "Relationship",
    "SchemeReason",
    "Sex",
    "SituationValue",
    "Versioned",
    "Visit",
    "VisitReason",
]
