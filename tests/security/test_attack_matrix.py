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

from .urls import all_routes

SW, SEC, MGR, STAT, DPO, ADM = (
    Role.SOCIAL_WORKER,
    Role.SECRETARY,
    Role.MANAGER,
    Role.STATISTICIAN,
    Role.DPO,
    Role.ADMIN,
)
ALL = frozenset(Role.values)
NONE: frozenset = frozenset()
FORGED_ID = 987_654_321


@dataclass(frozen=True)
class Attack:
    """`target` names what the URL's argument points at ("file": a case file), or None
    for a URL without arguments. `own` and `other`: the roles answered `ok` for an object
    of their own office and of another; every other role is answered `refused`, the same
    as for a forged id. `public`: reachable without login."""

    target: str | None
    own: frozenset
    other: frozenset = NONE
    ok: int = 200
    refused: int = 404
    method: str = "get"
    public: bool = False
    anonymous: int = 302  # sent to the login page
    extra: dict = field(default_factory=dict)


ATTACKS: dict[str, Attack] = {
    "home": Attack(None, ALL, ALL),
    "login": Attack(None, ALL, ALL, ok=302, public=True, anonymous=200),
    "logout": Attack(None, ALL, ALL, ok=302, method="post", public=True, anonymous=302),
    "set_language": Attack(None, ALL, ALL, ok=302, method="post", public=True, anonymous=302),
    "account_security": Attack(None, ALL, ALL),
    "two_factor_setup": Attack(None, ALL, ALL),
    "two_factor_verify": Attack(None, ALL, ALL),
    # Without a second factor set up, the agent is sent back to the security page.
    "new_backup_codes": Attack(None, ALL, ALL, ok=302, method="post"),
    "confirm_identity": Attack(None, ALL, ALL),
    # The empty search form opens for all; what a search finds is scoped by the selector
    # (tests/accounts/test_permission_matrix.py, search_persons).
    # Single sign-on is not configured in the tests: both answer 404, even without login.
    "oidc_authentication_init": Attack(None, NONE, NONE, public=True, anonymous=404),
    "oidc_authentication_callback": Attack(None, NONE, NONE, public=True, anonymous=404),
    "person_search": Attack(None, ALL, ALL),
    "casefile_detail": Attack("file", {SW, SEC, MGR}),
    "audit_events": Attack(None, ALL, ALL),  # everyone sees their own actions
    "audit_dashboard": Attack(None, {DPO}, {DPO}),
    "audit_extract": Attack(None, {DPO}, {DPO}),
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
    objects = {
        "own": {"file": world.file},
        "other": {"file": world.other_file},
    }
    pk = FORGED_ID if scope == "forged" else objects[scope][attack.target].pk
    return reverse(name, args=[pk])


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
    if not (scope == "forged" and ATTACKS[name].target is None)  # no id to forge
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
    wrong = {who: got for who, got in answers.items() if got[0] != got[1]}
    assert wrong == {}, f"{url}: (got, expected) per role"


@pytest.mark.django_db
def test_refused_and_missing_look_the_same(client, world):
    client.force_login(world.users[SW])
    refused = client.get(reverse("casefile_detail", args=[world.other_file.pk]))
    missing = client.get(reverse("casefile_detail", args=[FORGED_ID]))
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content


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
            lien_config = name.split(":")[1].split("_")[0] in ("accounts", "catalog", "offices")
            expected = 200 if role == ADM and lien_config else 403
            assert status == expected, (role, name, status)
