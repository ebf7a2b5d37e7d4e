"""Optional OIDC single sign-on: accounts found by `sub` only, never created, the `acr`
checked where two factors are required."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory

from lien.accounts.middleware import SSO_SECOND_FACTOR
from lien.accounts.oidc import LienOIDCBackend
from lien.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://sso.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://sso.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://sso.example/jwks"
    settings.OIDC_RP_CLIENT_ID = "lien"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_CREATE_USER = False
    settings.LIEN_OIDC_MFA_ACR_VALUES = ["eidas2"]
    backend = LienOIDCBackend()
    request = RequestFactory().get("/oidc/callback/")
    request.session = {}
    backend.request = request
    return backend


def _answer(backend, monkeypatch, userinfo: dict, payload: dict):
    monkeypatch.setattr(backend, "get_userinfo", lambda *a: userinfo)
    return backend.get_or_create_user("access", "id", payload)


def test_the_account_is_found_by_its_sub_only(world, backend, monkeypatch):
    worker = world.users[Role.SOCIAL_WORKER]
    worker.oidc_sub = "abc-123"
    worker.save()
    claims = {"sub": "abc-123", "email": "someone.else@example.org"}
    assert _answer(backend, monkeypatch, claims, {"sub": "abc-123", "acr": "eidas1"}) == worker
    # Same e-mail as an account but another sub: nobody.
    worker.email = "agent@example.org"
    worker.save()
    other = {"sub": "zzz", "email": "agent@example.org"}
    assert _answer(backend, monkeypatch, other, {"sub": "zzz"}) is None


def test_no_account_is_created_and_deactivated_accounts_are_refused(world, backend, monkeypatch):
    from lien.accounts.models import User

    before = User.objects.count()
    assert _answer(backend, monkeypatch, {"sub": "new"}, {"sub": "new"}) is None
    assert User.objects.count() == before
    worker = world.users[Role.SOCIAL_WORKER]
    worker.oidc_sub, worker.is_active = "gone", False
    worker.save()
    assert _answer(backend, monkeypatch, {"sub": "gone"}, {"sub": "gone"}) is None


def test_a_userinfo_for_another_subject_is_refused(world, backend, monkeypatch):
    with pytest.raises(SuspiciousOperation):
        _answer(backend, monkeypatch, {"sub": "a"}, {"sub": "b"})


@pytest.mark.parametrize(("acr", "counts"), [("eidas2", True), ("eidas1", False), (None, False)])
def test_the_acr_decides_whether_the_provider_gave_the_second_factor(
    world, backend, monkeypatch, acr, counts
):
    worker = world.users[Role.SOCIAL_WORKER]
    worker.oidc_sub = "abc"
    worker.save()
    _answer(backend, monkeypatch, {"sub": "abc"}, {"sub": "abc", "acr": acr})
    assert bool(backend.request.session.get(SSO_SECOND_FACTOR)) is counts


def test_single_sign_on_is_off_without_its_settings(client):
    assert django_settings.LIEN_OIDC_ENABLED is False
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "authentification unique" not in client.get("/login/").content.decode()


def test_single_sign_on_turns_on_when_configured():
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LIEN_OIDC")},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "LIEN_OIDC_CLIENT_ID": "lien",
        "LIEN_OIDC_CLIENT_SECRET": "s",
        "LIEN_OIDC_AUTHORIZATION_ENDPOINT": "https://sso.example/authorize",
        "LIEN_OIDC_TOKEN_ENDPOINT": "https://sso.example/token",
        "LIEN_OIDC_USERINFO_ENDPOINT": "https://sso.example/userinfo",
        "LIEN_OIDC_JWKS_ENDPOINT": "https://sso.example/jwks",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LIEN_OIDC_ENABLED, 'lien.accounts.oidc.LienOIDCBackend' in s.AUTHENTICATION_BACKENDS,"
        " s.OIDC_AUTH_REQUEST_EXTRA_PARAMS['acr_values'], s.OIDC_CREATE_USER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.stdout.split() == ["True", "True", "eidas2", "eidas3", "False"], result.stderr
