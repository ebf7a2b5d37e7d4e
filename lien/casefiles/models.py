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
from .households.models import Household, HouseholdMember, MemberEnd, Person, Relationship, Sex
from .files.models import CaseFile, CloseReason, FileStatus
from .situation.models import SituationValue
from .visits.models import Visit, VisitReason
from .appointments.models import Appointment, AppointmentKind, AppointmentStatus
from .problems.models import Intervention, Problem
from .notes.models import AccessKind, Note, NoteAccess, NoteVisibility
from .aid.models import AidRequest, AidStatus
from .documents.models import Document, DocumentKind
from .imports.models import HouseholdImport, ImportStatus
from .merges.models import JournalEntry, Merge, MergeKind
from .budget.models import BudgetLine, BudgetSheet
from .reports.models import SocialReport
from .letters.models import Letter, LetterTemplate
from .schemes.models import AidScheme, Decider, ReasonFamily, ReasonKind, SchemeReason
from .committees.models import AgendaEntry, AgendaOutcome, CommitteeSession
from .payments.models import BankDetails, PayeeKind, PaymentBatch, PaymentOrder, PaymentStatus
from .versioning import Versioned
from .deadlines.models import Deadline, DeadlineKind
from .reminders.models import MessageStatus, ReminderChannel, ReminderConsent, ReminderMessage
from .referrals.models import Partner, PartnerKind, Referral, ReferralAnswer, SharingAgreement
from .concerns.models import ChildProtectionConcern, ConcernFollowUp

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
    "BudgetLine",
    "BudgetSheet",
    "CaseFile",
    "ChildProtectionConcern",
    "CloseReason",
    "CommitteeSession",
    "ConcernFollowUp",
    "Deadline",
    "DeadlineKind",
    "Decider",
    "Document",
    "DocumentKind",
    "FileStatus",
    "Household",
    "HouseholdImport",
    "HouseholdMember",
    "ImportStatus",
    "Intervention",
    "JournalEntry",
    "Letter",
    "LetterTemplate",
    "MemberEnd",
    "Merge",
    "MergeKind",
    "MessageStatus",
    "Note",
    "NoteAccess",
    "NoteVisibility",
    "Partner",
    "PartnerKind",
    "PayeeKind",
    "PaymentBatch",
    "PaymentOrder",
    "PaymentStatus",
    "Person",
    "Problem",
    "ReasonFamily",
    "ReasonKind",
    "Referral",
    "ReferralAnswer",
    "Relationship",
    "ReminderChannel",
    "ReminderConsent",
    "ReminderMessage",
    "SchemeReason",
    "Sex",
    "SharingAgreement",
    "SituationValue",
    "SocialReport",
    "Versioned",
    "Visit",
    "VisitReason",
]
