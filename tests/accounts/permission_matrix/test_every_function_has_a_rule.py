"""The matrix is complete and follows docs/domain.md: every public selector and service
of Lien has a rule in one area's module (a new one without a rule fails here), no rule
names a function that no longer exists, and a few lines of "Who sees what" are restated
to catch a rule loosened by mistake."""

import importlib
import inspect
import pkgutil
from collections import Counter

import lien
from lien.accounts.roles import Role

from .matrix import ADM, DPO, MGR, SEC, STAT, SW
from .test_administration import ADMINISTRATION_RULES
from .test_annual_report import ANNUAL_REPORT_RULES
from .test_api_clients import API_CLIENT_RULES
from .test_budget_reports_letters import BUDGET_REPORT_LETTER_RULES
from .test_catalog import CATALOG_RULES
from .test_committees_and_payments import COMMITTEE_RULES
from .test_files_and_persons import FILE_RULES
from .test_household_life import HOUSEHOLD_LIFE_RULES
from .test_note_releases import RELEASE_RULES
from .test_notes import NOTE_RULES
from .test_privacy import PRIVACY_RULES
from .test_reception import RECEPTION_RULES
from .test_social_work import SOCIAL_WORK_RULES
from .test_statistics import STATISTICS_RULES
from .test_week import WEEK_RULES

AREAS = (
    FILE_RULES,
    HOUSEHOLD_LIFE_RULES,
    RECEPTION_RULES,
    SOCIAL_WORK_RULES,
    NOTE_RULES,
    STATISTICS_RULES,
    ANNUAL_REPORT_RULES,
    PRIVACY_RULES,
    RELEASE_RULES,
    CATALOG_RULES,
    ADMINISTRATION_RULES,
    API_CLIENT_RULES,
    WEEK_RULES,
    BUDGET_REPORT_LETTER_RULES,
    COMMITTEE_RULES,
)
RULES = {name: rule for area in AREAS for name, rule in area.items()}
CONFIGURATION_IN_CASEFILES = {"casefiles.letters.services.save_letter_template"}


def _public_functions():
    """Every public function defined in a `selectors` or `services` module of Lien."""
    found = set()
    for module_info in pkgutil.walk_packages(lien.__path__, "lien."):
        if module_info.name.rsplit(".", 1)[-1] not in ("selectors", "services"):
            continue
        module = importlib.import_module(module_info.name)
        for name, obj in inspect.getmembers(module, inspect.isfunction):
            if obj.__module__ == module.__name__ and not name.startswith("_"):
                found.add(module.__name__.removeprefix("lien.") + "." + name)
    return found


# The audit writers are called by every service inside its own transaction; they grant
# nothing, so they have no rule of their own.
WITHOUT_RULE = {
    "audit.services.record",
    "audit.services.record_for_file",
    "audit.services.record_for_files",
    # Called once at start-up by accounts and privacy (their AppConfig.ready), not by a user.
    "audit.services.plug_in",
    # The statistical writers are called by the case-file services, inside the
    # transaction of a write whose access those services already checked; they take
    # coarse values only and return nothing to read.
    "stats.services.record_event",
    "stats.services.record_events",
    "stats.services.complete_situation",
    "stats.services.retract_event",
    "stats.services.record_anonymous_event",
    # Run by the server's operator from the command line (stats_close_year), not by a user.
    "stats.services.close_year",
}


def test_every_selector_and_service_has_a_rule():
    functions = _public_functions() - WITHOUT_RULE
    assert functions - set(RULES) == set(), "give these a rule in the permission matrix"
    assert set(RULES) - functions == set(), "these rules name functions that no longer exist"


def test_the_matrix_follows_domain_md():
    # A few lines of the table in docs/domain.md ("Who sees what"), restated to catch an edit of RULES that would
    # loosen them.
    assert SEC not in RULES["casefiles.problems.selectors.problem_for"][1]
    assert SEC not in RULES["casefiles.notes.selectors.note_for"][1]
    assert MGR not in RULES["casefiles.notes.selectors.note_for"][1]
    assert RULES["casefiles.notes.services.share_note"][1] == {SW}
    # Issue 16: secretaries see no budget and no social report.
    for name, (_, own, other) in RULES.items():
        if name.startswith(("casefiles.budget.", "casefiles.reports.", "casefiles.letters.")):
            assert SEC not in own | other, name
    for name, (_, own, other) in RULES.items():
        if name in CONFIGURATION_IN_CASEFILES:
            # Letter templates are the administrator's configuration, about no file.
            assert own == other == {ADM}, name
        elif name.startswith("casefiles.break_glass."):
            # docs/domain.md: other offices only by emergency access, for social workers.
            assert own | other <= {SW}, name
        elif name.startswith("casefiles.concerns."):
            # docs/domain.md: a child-protection concern is its author's, the office
            # manager's and the département's CRIP's (every office), nobody else's.
            assert own <= {SW, MGR, Role.CRIP} and other <= {Role.CRIP}, name
        elif name.startswith(("casefiles.committees.", "casefiles.payments.")):
            # The committees are the département's: their secretary reaches every
            # office, and no one else another office's requests.
            assert not own & {STAT, DPO, ADM, SEC}, name
            assert other <= {Role.COMMITTEE_SECRETARY}, name
        elif name.startswith("casefiles."):
            assert not own & {STAT, DPO, ADM}, name
            assert not other, name
        if name.startswith("stats."):
            # No statistics for reception, the DPO or the administrator; only the
            # département's statisticians reach other offices.
            assert not (own | other) & {SEC, DPO, ADM}, name
            assert other <= {STAT}, name


def test_each_function_has_its_rule_in_one_area_only():
    named = Counter(name for area in AREAS for name in area)
    assert [name for name, count in named.items() if count > 1] == []
