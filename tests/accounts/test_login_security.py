"""Login security: lockout, idle timeout, two-factor set-up and entry, backup codes,
fresh authentication, the password rules."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lien.accounts import services
from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"


def _login(client, user, password=PASSWORD):
    return client.post("/login/", {"username": user.username, "password": password})


def _code(user) -> str:
    device = TOTPDevice.objects.filter(user=user).order_by("-id").first()
    return f"{TOTP(device.bin_key).token():06d}"


# Lockout


def test_the_account_is_locked_after_five_failures_and_the_audit_says_so(client, world):
    user = world.users[Role.SECRETARY]
    for _ in range(4):
        assert _login(client, user, "wrong").status_code == 200
    response = _login(client, user, "wrong")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Trop de tentatives échouées" in text and "15 minutes" in text
    # Even the right password is refused while locked.
    assert _login(client, user, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    locked = AuditEvent.objects.filter(action=Action.LOCKED_OUT)
    assert locked.exists() and locked.first().object_id == str(user.pk)
    # Another account is not affected.
    assert _login(client, world.users[Role.MANAGER]).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, world):
    user = world.users[Role.SECRETARY]
    for _ in range(5):
        _login(client, user, "wrong")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _login(client, user).status_code == 302


# Idle timeout


def test_an_idle_session_is_sent_back_to_login(client, world):
    user = world.users[Role.SOCIAL_WORKER]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # activity keeps it alive
    with time_machine.travel(start + timedelta(minutes=29 + 32), tick=False):
        response = client.get(f"/files/{world.file.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
        page = client.get(response["Location"]).content.decode()
    assert "Votre session a pris fin après 30 minutes sans activité" in page
    assert AuditEvent.objects.filter(action=Action.SESSION_EXPIRED, actor=user).count() == 1
    assert not AuditEvent.objects.filter(action=Action.VIEW, actor=user).exists()


def test_pages_read_within_a_minute_write_the_session_once(client, world):
    """The last activity is written at most once a minute: reading pages does not make
    each of them a second write transaction; the session still ends after 30 minutes
    without activity (and at most one minute more), never before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes(when):
        with time_machine.travel(when, tick=False), CaptureQueriesContext(connection) as queries:
            assert client.get(f"/files/{world.file.pk}/").status_code == 200
        return [q for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.users[Role.SOCIAL_WORKER])
    assert len(session_writes(start)) == 1  # the first page writes it
    assert session_writes(start + timedelta(seconds=50)) == []
    assert len(session_writes(start + timedelta(seconds=70))) == 1
    # 30 minutes after the last page, 31 after the last activity written: still open.
    assert session_writes(start + timedelta(seconds=50 + 30 * 60)) != []
    with time_machine.travel(start + timedelta(seconds=50 + 62 * 60), tick=False):
        assert client.get("/").status_code == 302


def test_a_session_ends_after_ten_hours_however_busy(client, world):
    """The session's expiry in the database moves at each save: a session kept busy all
    day must still end after SESSION_COOKIE_AGE (10 hours)."""
    user = world.users[Role.SOCIAL_WORKER]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        assert client.get("/").status_code == 200
    for minutes in range(20, 10 * 60, 20):  # a page every 20 minutes
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=10, minutes=1), tick=False):
        response = client.get(f"/files/{world.file.pk}/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        page = client.get(response["Location"]).content.decode()
    assert "Votre session a pris fin après 10 heures" in page
    assert AuditEvent.objects.filter(action=Action.SESSION_EXPIRED, actor=user).count() == 1


def test_an_idle_htmx_request_is_redirected_by_header(client, world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.users[Role.SECRETARY])
        client.get("/")
    with time_machine.travel(start + timedelta(minutes=32), tick=False):
        response = client.get("/persons/search/?q=a", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/login/"


# Two factors


@pytest.fixture
def otp_required(settings):
    settings.LIEN_OTP_REQUIRED = True


def test_first_login_leads_to_the_set_up_with_a_qr_code(client, world, otp_required):
    user = world.users[Role.SOCIAL_WORKER]
    response = _login(client, user)
    assert client.get(response["Location"])["Location"].startswith("/account/two-factor/setup/")
    assert client.get(f"/files/{world.file.pk}/").status_code == 302  # nothing before it
    page = client.get("/account/two-factor/setup/?next=/").content.decode()
    assert "<svg" in page and "QR" in page
    secret = re.search(r'<code class="user-select-all">([A-Z2-7 ]+)</code>', page).group(1)
    assert len(secret.replace(" ", "")) >= 32
    wrong = client.post("/account/two-factor/setup/", {"token": "000000", "next": "/"})
    assert "pas celui" in wrong.content.decode()
    done = client.post("/account/two-factor/setup/", {"token": _code(user), "next": "/"})
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get(f"/files/{world.file.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_ENROLLED, actor=user).exists()


def _enrol(user):
    services.start_totp_enrolment(actor=user, verified=False)
    return services.confirm_totp_enrolment(actor=user, token=_code(user), verified=False)


def test_next_logins_ask_for_the_code_and_accept_a_backup_code_once(client, world, otp_required):
    user = world.users[Role.MANAGER]
    codes = _enrol(user).backup_codes
    _login(client, user)
    response = client.get("/")
    assert response["Location"].startswith("/account/two-factor/")
    # Whoever knows only the password cannot put their own authenticator in place.
    assert client.get("/account/two-factor/setup/")["Location"].startswith("/account/two-factor/")
    bad = client.post("/account/two-factor/", {"token": "123456", "next": "/"})
    assert "pas valide" in bad.content.decode()
    assert AuditEvent.objects.filter(action=Action.TWO_FACTOR_FAILED, actor=user).exists()
    # django-otp slows down guessing: after a failure, the next try waits a second.
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        ok = client.post("/account/two-factor/", {"token": codes[0], "next": "/"})
    assert ok["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.BACKUP_CODE_USED, actor=user).exists()
    client.post("/logout/")
    _login(client, user)
    again = client.post("/account/two-factor/", {"token": codes[0], "next": "/"})
    assert again.status_code == 200  # used up


def test_a_role_without_personal_data_needs_no_second_factor(client, world, otp_required):
    _login(client, world.users[Role.STATISTICIAN])
    assert client.get("/").status_code == 200


def test_without_the_setting_nobody_is_asked(client, world):
    _login(client, world.users[Role.SOCIAL_WORKER])
    response = client.get("/")
    assert response.status_code == 200
    assert "authentification à deux facteurs est désactivée" in response.content.decode()


def test_new_backup_codes_replace_the_old_ones(client, world, otp_required):
    user = world.users[Role.DPO]
    old = _enrol(user).backup_codes
    new = services.regenerate_backup_codes(actor=user)
    assert set(old).isdisjoint(new)
    assert services.verify_second_factor(actor=user, token=old[1]) is None
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        assert services.verify_second_factor(actor=user, token=new[1]) is not None


# Fresh authentication


def test_a_sensitive_act_asks_for_the_password_again(client, world):
    dpo = world.users[Role.DPO]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _login(client, dpo)
        assert client.get("/audit/extract/").status_code == 200  # just logged in
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        response = client.get("/audit/extract/")
        assert response["Location"].startswith("/account/confirm/")
        bad = client.post("/account/confirm/", {"password": "nope", "next": "/audit/extract/"})
        assert "pas correct" in bad.content.decode()
        ok = client.post("/account/confirm/", {"password": PASSWORD, "next": "/audit/extract/"})
        assert ok["Location"] == "/audit/extract/"
        assert client.get("/audit/extract/").status_code == 200
    actions = set(AuditEvent.objects.filter(actor=dpo).values_list("action", flat=True))
    assert {Action.REAUTHENTICATED, Action.REAUTHENTICATION_FAILED} <= actions


def test_fresh_authentication_asks_for_the_code_too_when_required(client, world, otp_required):
    dpo = world.users[Role.DPO]
    codes = _enrol(dpo).backup_codes
    _login(client, dpo)
    client.post("/account/two-factor/", {"token": codes[0]})
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        page = client.get("/account/confirm/?next=/audit/extract/").content.decode()
        assert 'name="token"' in page
        refused = client.post("/account/confirm/", {"password": PASSWORD})
        assert refused.status_code == 200
        ok = client.post("/account/confirm/", {"password": PASSWORD, "token": codes[1]})
        assert ok.status_code == 302


# Passwords


@pytest.mark.parametrize(
    "password",
    ["court-1A", "toutminuscules", "Azerty123456!", "Soleil2026!!!", "motdepasse2026"],
)
def test_weak_or_breached_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["Tr0mpette-Verte!", "cheval agrafe batterie correcte", "k7#Lq2!vZp9@"]
)
def test_long_or_varied_passwords_are_accepted(password):
    validate_password(password)


def test_the_refusal_is_in_french():
    with pytest.raises(ValidationError) as refused:
        validate_password("Soleil2026!!!")
    assert "fuité" in " ".join(refused.value.messages)


# Administration


def test_the_admin_resets_a_lost_second_factor_and_unlocks_an_account(client, world):
    user = world.users[Role.SECRETARY]
    _enrol(user)
    for _ in range(5):
        _login(client, user, "wrong")
    admin_user = world.users[Role.ADMIN]
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    for action in ("reset_second_factor", "unlock_account"):
        response = client.post(
            "/admin/accounts/user/", {"action": action, "_selected_action": [user.pk]}
        )
        assert response.status_code == 302, action
    assert not TOTPDevice.objects.filter(user=user).exists()
    kinds = set(AuditEvent.objects.filter(actor=admin_user).values_list("object_kind", flat=True))
    assert {"second_factor_reset", "account_unlocked"} <= kinds
    client.logout()
    assert _login(client, user).status_code == 302  # unlocked


def test_the_security_page_tells_each_agent_where_they_stand(client, world, settings):
    client.force_login(world.users[Role.SOCIAL_WORKER])
    assert "cette installation l'a désactivée" in client.get("/account/security/").content.decode()
    client.force_login(world.users[Role.STATISTICIAN])
    assert "pas exigée pour votre compte" in client.get("/account/security/").content.decode()
    settings.LIEN_OTP_REQUIRED = True
    user = world.users[Role.MANAGER]
    _enrol(user)
    client.force_login(user)
    codes = services.regenerate_backup_codes(actor=user)
    client.post("/account/two-factor/", {"token": codes[0]})
    page = client.get("/account/security/").content.decode()
    assert "Obtenir de nouveaux codes de secours" in page
    fresh = client.post("/account/backup-codes/").content.decode()
    assert len(re.findall(r"<code>([a-z2-7]{8})</code>", fresh)) == 10


def test_the_test_client_can_still_log_in(client, world):
    # Other tests may use client.login(); django-axes alone would refuse it.
    assert client.login(username=world.users[Role.SECRETARY].username, password=PASSWORD)
