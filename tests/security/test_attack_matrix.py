"""The attack matrix: every URL of the URL conf × every role (and no login) × an object of
the agent's own office, of another office, and a forged id, with the expected answer.

An entry is one line of ATTACKS, keyed by URL name: a URL without one fails
`test_every_url_has_an_entry`. The Django admin's URLs (generated per registered model)
share one family rule, below.
"""

import time
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from lien.accounts.decorators import AUTHENTICATED_AT
from lien.accounts.roles import Role

from .attack_objects import objects
from .urls import all_routes

SW, SEC, MGR, STAT, DPO, ADM, CRIP = (
    Role.SOCIAL_WORKER,
    Role.SECRETARY,
    Role.MANAGER,
    Role.STATISTICIAN,
    Role.DPO,
    Role.ADMIN,
    Role.CRIP,
)
CS = Role.COMMITTEE_SECRETARY
ALL = frozenset(Role.values)
NONE: frozenset = frozenset()
FORGED_ID = 987_654_321
POSTED = (200, 302, 400, 409, 422)  # a POST that reached its form or service


@dataclass(frozen=True)
class Attack:
    """`target` names what the URL's argument points at ("file": a case file), or None
    for a URL without arguments. `own` and `other`: the roles answered `ok` for an object
    of their own office and of another; every other role is answered `refused`, the same
    as for a forged id. `public`: reachable without login."""

    target: str | None
    own: frozenset
    other: frozenset = NONE
    ok: int | tuple[int, ...] = 200
    refused: int = 404
    method: str = "get"
    public: bool = False
    anonymous: int = 302  # sent to the login page
    extra: dict = field(default_factory=dict)


# An API endpoint: no session opens it, and the answer is 401 to anyone without a token.
API = {"refused": 401, "public": True, "anonymous": 401}

ATTACKS: dict[str, Attack] = {
    "home": Attack(None, ALL, ALL),
    "login": Attack(None, ALL, ALL, ok=302, public=True, anonymous=200),
    "logout": Attack(None, ALL, ALL, ok=302, method="post", public=True, anonymous=302),
    "set_language": Attack(None, ALL, ALL, ok=302, method="post", public=True, anonymous=302),
    "account_security": Attack(None, ALL, ALL),
    "keep_session": Attack(None, ALL, ALL, ok=204),
    "two_factor_setup": Attack(None, ALL, ALL),
    "two_factor_verify": Attack(None, ALL, ALL),
    # Without a second factor set up, the agent is sent back to the security page.
    "new_backup_codes": Attack(None, ALL, ALL, ok=302, method="post"),
    "confirm_identity": Attack(None, ALL, ALL),
    "password_change": Attack(None, ALL, ALL),
    "password_change_done": Attack(None, ALL, ALL),
    # The link sent by an administrator: public; a wrong link says so, to anyone.
    "password_reset_confirm": Attack("=MQ/wrong-token", ALL, ALL, public=True, anonymous=200),
    "password_reset_complete": Attack(None, ALL, ALL, public=True, anonymous=200),
    # Roles under two keys: administrators ask, the DPO and administrators decide
    # (never their own requests, nor about themselves: tests/accounts/test_role_changes.py).
    "role_changes": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "role_change_new": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "role_change_approve": Attack("role_change", {DPO, ADM}, {DPO, ADM}, ok=302, method="post"),
    "role_change_refuse": Attack("role_change", {DPO, ADM}, {DPO, ADM}, ok=302, method="post"),
    # Only the requester withdraws, and the requester here is another administrator.
    "role_change_withdraw": Attack("role_change", NONE, NONE, method="post"),
    # The empty search form opens for all; what a search finds is scoped by the selector
    # (tests/accounts/permission_matrix/test_files_and_persons.py, search_persons).
    # Single sign-on is not configured in the tests: both answer 404, even without login.
    "oidc_authentication_init": Attack(None, NONE, NONE, public=True, anonymous=404),
    "oidc_authentication_callback": Attack(None, NONE, NONE, public=True, anonymous=404),
    # For the load balancer: open to anyone, and tells nothing about anyone.
    "healthz": Attack(None, ALL, ALL, public=True, anonymous=200),
    # For Prometheus only: a session opens nothing (off here: no token, no address).
    "metrics": Attack(None, NONE, NONE, public=True, anonymous=404),
    "person_search": Attack(None, ALL, ALL),
    "casefile_detail": Attack("file", {SW, SEC, MGR}),
    "audit_events": Attack(None, ALL, ALL),  # everyone sees their own actions
    "audit_dashboard": Attack(None, {DPO}, {DPO}),
    "audit_extract": Attack(None, {DPO}, {DPO}),
    # Reception (issue "workflows"). Search-like pages open to all: what they find is
    # scoped by the selector, and is nothing for roles without access to files.
    "reception_desk": Attack(None, {SW, SEC, MGR}, {SW, SEC, MGR}),
    "likely_duplicates": Attack(None, ALL, ALL),
    "register_household": Attack(None, {SW, SEC}, {SW, SEC}),
    "calendar": Attack(None, {SW, SEC, MGR}, {SW, SEC, MGR}),
    "caseload": Attack(None, ALL, ALL),
    "office_files": Attack(None, {MGR}, {MGR}),
    "add_member": Attack("file", {SW, SEC}),
    "edit_person": Attack("file+person", {SW, SEC}),
    "log_visit": Attack("file", {SW, SEC}),
    "book_appointment": Attack("file", {SW, SEC}),
    "move_appointment": Attack("appointment", {SW, SEC}),
    "appointment_slip": Attack("appointment", {SW, SEC, MGR}),
    "attach_document": Attack("file", {SW, SEC}),
    "download_document": Attack("document", {SW, SEC}),
    "person_view": Attack("file", {SW, SEC, MGR}),
    "situation_edit": Attack("file", {SW}),
    "situation_entry_form": Attack("file", {SW}, ok=302),
    "close_casefile": Attack("file", {SW}),
    "transfer_casefile": Attack("file", {SW}),
    # The household's changes (issue 17): reception and social workers; a separation
    # moves problems and aid, social workers only.
    "member_leaves": Attack("file+person", {SW, SEC}),
    "record_death": Attack("file+person", {SW, SEC}),
    "change_reference": Attack("file", {SW, SEC}),
    "member_arrives": Attack("file", {SW, SEC}),
    "separate_household": Attack("file", {SW}),
    # Duplicates: the manager, in the offices she manages. The comparison and the
    # household merge take their two records as parameters: without them, 404 to all;
    # with them, the records are scoped by the selector and the service
    # (tests/accounts/permission_matrix/test_household_life.py).
    "duplicates": Attack(None, {MGR}, {MGR}),
    "merge_compare": Attack(None, NONE, NONE),
    "merge_households": Attack(None, NONE, NONE, method="post"),
    "undo_merge": Attack("merge", {MGR}, ok=302, method="post"),
    # A file that is not dormant is refused with a message on the home page (302).
    "close_dormant_file": Attack("file", {SW, MGR}, ok=302, method="post"),
    "edit_note": Attack("note", {SW}),  # only its author
    "share_note": Attack("note", {SW}),  # only its author
    "revoke_note_share": Attack("note_share", {SW}, ok=POSTED, method="post"),
    # The office manager hands a departed author's notes over (the office is a parameter).
    "departed_notes": Attack(None, {MGR}, {MGR}),
    "hand_over_notes": Attack(None, {MGR}, {MGR}, ok=POSTED, method="post"),
    "decide_aid_request": Attack("aid_request", {SW}),
    "edit_aid_draft": Attack("aid_request", {SW}),
    "delete_aid_draft": Attack("aid_request", {SW}),
    # POST-only acts: an allowed role gets its form back with the errors (422) or is
    # sent on (302); the others get 404 as for a missing object.
    "set_appointment_status": Attack("appointment", {SW, SEC}, ok=POSTED, method="post"),
    "reopen_casefile": Attack("file", {SW}, ok=POSTED, method="post"),
    "open_problem": Attack("file", {SW}, ok=POSTED, method="post"),
    "situation_entry": Attack("file", {SW}, ok=POSTED, method="post"),
    "survey_entry": Attack("file", {SW}, ok=POSTED, method="post"),
    "close_problem": Attack("problem", {SW}, ok=POSTED, method="post"),
    "record_intervention": Attack("file", {SW}, ok=POSTED, method="post"),
    "create_aid_request": Attack("file", {SW}, ok=POSTED, method="post"),
    "resubmit_aid_request": Attack("aid_request", {SW}, ok=POSTED, method="post"),
    # The committees and payment orders: the committee secretary's, organisation-wide
    # (every office's requests); a member's reading of an agenda is tested with the
    # committees (tests/casefiles/committees/).
    "committee_sessions": Attack(None, {CS}, {CS}),
    "committee_session": Attack("committee_session", {CS}, {CS}),
    "put_on_agenda": Attack("session+aid", {CS}, {CS}, ok=POSTED, method="post"),
    "close_session": Attack("committee_session", {CS}, {CS}, ok=POSTED, method="post"),
    "decide_in_session": Attack("agenda_entry", {CS}, {CS}),
    # A social report on the agenda: its session's members only, on its day (no role;
    # tests/casefiles/committees/test_members_read_reports.py); the secretary never.
    "agenda_report": Attack("agenda_entry", NONE, NONE),
    "payments": Attack(None, {CS}, {CS}),
    "order_payment": Attack("granted_aid", {CS}, {CS}),
    "make_payment_batch": Attack(None, {CS}, {CS}, ok=POSTED, method="post"),
    "payment_batch": Attack("payment_batch", {CS}, {CS}),
    "export_payment_batch": Attack("payment_batch+csv", {CS}, {CS}),
    "submit_aid_request": Attack("aid_request", {SW}, ok=POSTED, method="post"),
    "write_note": Attack("file", {SW}, ok=POSTED, method="post"),
    "check_note_text": Attack("file", {SW}, method="post"),
    "reassign_referent": Attack("file", {MGR}, ok=POSTED, method="post"),
    # The household budget, the social report, the letters: the file's social workers
    # write them, the manager reads them, secretaries see none of it.
    "budget_page": Attack("file", {SW, MGR}),
    "budget_card": Attack("file", {SW, MGR}),
    "budget_sheet": Attack("budget_sheet", {SW, MGR}),
    "start_budget_sheet": Attack("file", {SW}, ok=POSTED, method="post"),
    "add_budget_line": Attack("budget_sheet", {SW}, ok=POSTED, method="post"),
    "remove_budget_line": Attack("budget_line", {SW}, ok=POSTED, method="post"),
    "start_social_report": Attack("aid_request", {SW}, ok=POSTED, method="post"),
    "social_report": Attack("social_report", {SW, MGR}),
    "social_report_pdf": Attack("social_report+recipient", {SW, MGR}),
    "record_report_agreement": Attack("social_report", {SW}, ok=POSTED, method="post"),
    "letters_card": Attack("file", {SW, MGR}),
    "produce_letter": Attack("file", {SW}, ok=POSTED, method="post"),
    # Break-glass: the emergency-access page is the social workers' only (what it opens
    # is tested in tests/casefiles/test_break_glass.py).
    "break_glass": Attack(None, {SW}, {SW}),
    # The intermediate archive: the manager of the file's office and the DPO. Opening a
    # file and the legal hold answer their form (GET); posted without a reason, 422.
    "archive_files": Attack(None, {MGR, DPO}, {MGR, DPO}),
    "archive_open": Attack("archived_file", {MGR, DPO}, {DPO}),
    "archive_legal_hold": Attack("archived_file", {MGR, DPO}, {DPO}),
    # The catalogue and the documents generated from it: the administrator and the DPO.
    "catalog_home": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "catalog_items": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "catalog_item": Attack("item", {DPO, ADM}, {DPO, ADM}),
    "catalog_approvals": Attack(None, {DPO}, {DPO}),
    "catalog_approve": Attack("pending_item", {DPO}, {DPO}, ok=POSTED, method="post"),
    "catalog_refuse": Attack("pending_item", {DPO}, {DPO}, ok=POSTED, method="post"),
    "catalog_usage": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "catalog_versions": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "catalog_version_diff": Attack("=0", {DPO, ADM}, {DPO, ADM}),
    "catalog_import": Attack(None, {ADM}, {ADM}),
    "catalog_export": Attack("=yaml", {DPO, ADM}, {DPO, ADM}),
    "catalog_document": Attack("=register", {DPO, ADM}, {DPO, ADM}),
    # The PDF is prepared by the task worker: the answer sends to the prepared file's page.
    "catalog_document_pdf": Attack("=register", {DPO, ADM}, {DPO, ADM}, ok=302),
    # Statistics: published tables for social workers and managers (their office) and
    # statisticians (all offices); never the secretary, the DPO or the administrator.
    "stats_grid": Attack(None, {SW, MGR, STAT}, {SW, MGR, STAT}),
    "stats_trends": Attack(None, {SW, MGR, STAT}, {SW, MGR, STAT}),
    # The annual report: written by the statisticians (every office, the département) and
    # by an office's manager (their office), never by the social workers who read tables.
    "stats_annual_report": Attack(None, {MGR, STAT}, {MGR, STAT}),
    # Asked for, then prepared by the task worker: the answer sends to its page.
    "stats_export": Attack("=csv", {SW, MGR, STAT}, {SW, MGR, STAT}, ok=302),
    # A prepared file is its requester's alone (the referent asked for the file's office).
    "prepared_file": Attack("prepared_file", {SW}),
    "prepared_file_download": Attack("prepared_file", {SW}),
    "stats_paper_start": Attack(None, {MGR, STAT}, {MGR, STAT}),
    # The grid editor reads every office's record for its preview: the statisticians.
    "stats_grid_editor": Attack(None, {STAT}, {STAT}),
    # Paper grids: typed, corrected and withdrawn by the office's manager alone; their
    # history (no figure) read by the manager and the département's statisticians.
    "stats_paper_grid": Attack("paper_grid", {MGR}),
    "stats_paper_withdraw": Attack("typed_paper_grid", {MGR}),
    "stats_paper_history": Attack("typed_paper_grid", {MGR, STAT}, {STAT}),
    # Person's rights (issue 6). The notice's text is no personal data: every agent may
    # print it; recording that it was given is an act on the file's identity part.
    "notice_print": Attack(None, ALL, ALL),
    "notice_print_version": Attack("=1", ALL, ALL),
    "record_notice": Attack("file", {SW, SEC}),
    "record_statistics_opposition": Attack("file", {SW, SEC}),
    # Rights requests: the DPO's, for the persons of every office.
    "rights_requests": Attack(None, {DPO}, {DPO}),
    "rights_request": Attack("rights_request", {DPO}, {DPO}),
    # The access export of an open access request: the DPO, after a fresh password.
    # Once the notes' authors released them (before, the DPO is sent back to the request).
    "access_export_json": Attack("released_request", {DPO}, {DPO}),
    "access_export_pdf": Attack("released_request", {DPO}, {DPO}, ok=302),
    # Each social worker's list of requests waiting for his notes (empty for the others);
    # one request's notes: only their author.
    "note_releases": Attack(None, ALL, ALL),
    "note_release": Attack("rights_request", {SW}),
    # The import of households from a spreadsheet: the office's manager only.
    "household_imports": Attack(None, {MGR}, {MGR}),
    "household_import_template": Attack(None, {MGR}, {MGR}),
    "household_import": Attack("household_import", {MGR}),
    "household_import_progress": Attack("household_import", {MGR}),
    "start_household_import": Attack("household_import", {MGR}, ok=POSTED, method="post"),
    # The REST API answers tokens only, a session is none (tokens: permission_matrix/test_api.py).
    "api_statistics_grid": Attack("=population/2026", NONE, NONE, **API),
    "api_catalog_items": Attack(None, NONE, NONE, **API),
    "api_catalog_export": Attack(None, NONE, NONE, **API),
    "api_account_create": Attack(None, NONE, NONE, method="post", **API),
    "api_account_deactivate": Attack("=someone", NONE, NONE, method="post", **API),
    "api_account_role_request": Attack("=someone", NONE, NONE, method="post", **API),
    "api_aid_decisions": Attack(None, NONE, NONE, **API),
    "api_payment_batches": Attack(None, NONE, NONE, **API),
    "api_payment_batch_orders": Attack("=1", NONE, NONE, **API),
    "api_payment_batch_return": Attack("=1", NONE, NONE, method="post", **API),
    # What the API offers is no secret: its schema and documentation are public.
    "api_schema": Attack(None, ALL, ALL, public=True, anonymous=200),
    "api_docs": Attack(None, ALL, ALL, public=True, anonymous=200),
    # Tokens under two keys (never one's own request: tests/api/test_tokens.py).
    "api_tokens": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "api_token_new": Attack(None, {DPO, ADM}, {DPO, ADM}),
    "api_token_approve": Attack("api_token", {DPO, ADM}, {DPO, ADM}, ok=302, method="post"),
    "api_token_refuse": Attack("api_token", {DPO, ADM}, {DPO, ADM}, ok=302, method="post"),
    "api_token_revoke": Attack("api_token", {DPO, ADM}, {DPO, ADM}, ok=302, method="post"),
    # The service's week (issue 17). A visit without a file: counted by reception.
    "anonymous_visit": Attack(None, {SW, SEC}, {SW, SEC}),
    # A file's reminders (social work), the manager's counts per office.
    "file_deadlines": Attack("file", {SW, MGR}),
    "toggle_deadline": Attack("deadline", {SW}, ok=POSTED, method="post"),
    "team_deadlines": Attack(None, {MGR}, {MGR}),
    # Consents to appointment reminders: reception's, read by the office's workers.
    "reminder_consents": Attack("file", {SW, SEC, MGR}),
    "withdraw_consent": Attack("reminder_consent", {SW, SEC}, ok=POSTED, method="post"),
    # Referrals and what the person agreed to share: social work.
    "file_referrals": Attack("file", {SW, MGR}),
    "referral_answer": Attack("referral", {SW}, ok=POSTED, method="post"),
    "withdraw_agreement": Attack("sharing_agreement", {SW}, ok=POSTED, method="post"),
    # Child-protection concerns: their author, the office's manager, and the CRIP, which
    # receives every office's. The target's concern is its referent's (the social worker).
    "file_concerns": Attack("file", {SW, MGR}),
    "concern_list": Attack(None, {SW, MGR, CRIP}, {SW, MGR, CRIP}),
    "concern_detail": Attack("concern", {SW, MGR, CRIP}, {CRIP}),
    "concern_proof": Attack("concern", {SW, CRIP}, {CRIP}, ok=POSTED, method="post"),
    "concern_follow_up": Attack("concern", {SW, MGR, CRIP}, {CRIP}, ok=POSTED, method="post"),
}

# The Django admin: agents are not staff, so every admin page sends them to the admin's
# login page; the admin's own login answers. (Staff accounts: test_admin_for_staff.)
# (status, where it redirects): the admin's login page answers; its logout, asked with
# GET, goes back to the admin's index, which sends to the login page.
ADMIN_ANSWERS = {"admin:login": (200, None), "admin:logout": (302, "/admin/")}
ADMIN_DEFAULT = (302, "/admin/login/")


def _is_admin(name: str) -> bool:
    return name.startswith("admin:")


def test_every_url_has_an_entry():
    names = {r.name for r in all_routes() if not _is_admin(r.name)}
    assert names - set(ATTACKS) == set(), "give these URLs a line in ATTACKS"
    assert set(ATTACKS) - names == set(), "these entries name URLs that no longer exist"


def _url(name: str, attack: Attack, world, scope: str) -> str:
    if attack.target is None:
        return reverse(name)
    if attack.target.startswith("="):  # a fixed argument that is no object (a format…)
        return reverse(name, args=attack.target[1:].split("/"))
    if scope == "forged":
        return reverse(name, args=[FORGED_ID] * len(objects(world.file)[attack.target]))
    casefile = world.file if scope == "own" else world.other_file
    return reverse(name, args=objects(casefile)[attack.target])


def _request(client, attack: Attack, url: str):
    if attack.method == "post":
        return client.post(url, {"language": "fr", "next": "/"})
    return client.get(url)


def _fresh(client, user):
    client.force_login(user)
    session = client.session
    session[AUTHENTICATED_AT] = time.time()  # as if the password had just been given
    session.save()


SCOPES = ["own", "other", "forged"]


CASES = [
    (name, scope)
    for name in sorted(ATTACKS)
    for scope in SCOPES
    # No id to forge without a target, nor with a fixed argument.
    if not (scope == "forged" and (ATTACKS[name].target or "=").startswith("="))
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "scope"), CASES)
def test_matrix(client, world, name, scope):
    attack = ATTACKS[name]
    url = _url(name, attack, world, scope)
    answers = {}
    for role in Role.values:
        _fresh(client, world.users[role])
        allowed = scope != "forged" and role in (attack.own if scope == "own" else attack.other)
        response = _request(client, attack, url)
        answers[role] = (response.status_code, attack.ok if allowed else attack.refused)
        client.logout()
    anonymous = _request(client, attack, url)
    if not attack.public:
        assert anonymous["Location"].startswith("/login/"), url
    answers["anonymous"] = (anonymous.status_code, attack.anonymous)
    wrong = {
        who: got
        for who, got in answers.items()
        if got[0] != got[1] and not (isinstance(got[1], tuple) and got[0] in got[1])
    }
    assert wrong == {}, f"{url}: (got, expected) per role"


# That a refused file and a missing one answer the same bytes is tested in
# tests/web/test_pages.py (test_another_office_file_answers_like_a_missing_one).


def _admin_url(route) -> str:
    values = {"object_id": str(FORGED_ID), "app_label": "accounts", "content_type_id": "1"}
    kwargs = {arg: values.get(arg, "1") for arg in route.arguments}
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_admin_url_is_closed_to_agents(client, world, role):
    client.force_login(world.users[role])
    wrong = {}
    routes = [r for r in all_routes() if _is_admin(r.name) and not r.name.endswith(":None")]
    assert len(routes) > 20
    # The admin's unnamed catch-all, reached through any unknown admin path.
    response = client.get("/admin/no-such-page/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for route in routes:
        url = _admin_url(route)
        response = client.get(url)
        expected, location = ADMIN_ANSWERS.get(route.name, ADMIN_DEFAULT)
        if response.status_code != expected or (
            location and not response["Location"].startswith(location)
        ):
            wrong[route.name] = response.status_code
    assert wrong == {}


@pytest.mark.django_db
def test_admin_for_staff(client, world):
    """A staff flag alone opens nothing: the admin role does, and only on configuration."""
    changelists = [
        r.name for r in all_routes() if _is_admin(r.name) and r.name.endswith("_changelist")
    ]
    lien_models = {"admin:accounts_user_changelist", "admin:catalog_item_changelist"}
    assert lien_models <= set(changelists)
    for role in Role.values:
        user = world.users[role]
        user.is_staff = True
        user.save()
        client.force_login(user)
        for name in changelists:
            status = client.get(reverse(name)).status_code
            lien_config = name.split(":")[1].split("_")[0] in (
                "accounts",
                "catalog",
                "offices",
                "privacy",  # the information notices
                "casefiles",  # the directory of partners, the one model it registers
            )
            expected = 200 if role == ADM and lien_config else 403
            assert status == expected, (role, name, status)
