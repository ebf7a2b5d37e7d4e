"""Passwords only their owner chooses (the administrator sends a link), every password
change in the audit chain, the lockout that a colleague cannot turn against its owner,
and the DPO's dashboard telling all of it in words."""

import re

import pytest

from lien.accounts import credentials, role_changes
from lien.accounts.models import RoleChangeKind
from lien.accounts.roles import Role
from lien.audit.chain import verify
from lien.audit.models import AuditEvent

from ..factories import UserFactory, member

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"
NEW_PASSWORD = "Tr0mpette-Verte!"
INTRUDER = "10.9.8.7"


def _login(client, user, password=PASSWORD, address="127.0.0.1"):
    return client.post(
        "/login/", {"username": user.username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def admin(world):
    user = world.users[Role.ADMIN]
    user.is_staff = True
    user.save()
    return user


def _send_link_from_admin_site(client, admin, user):
    client.force_login(admin)
    return client.post(
        "/admin/accounts/user/",
        {"action": "send_password_link", "_selected_action": [user.pk]},
        follow=True,
    )


def test_the_agent_chooses_their_password_through_the_link(client, world, admin, mailoutbox):
    worker = world.users[Role.SOCIAL_WORKER]
    worker.email = "camille@example.org"
    worker.save()
    _send_link_from_admin_site(client, admin, worker)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["camille@example.org"]
    assert "choisir le mot de passe" in mailoutbox[0].body
    link = re.search(r"https?://[^/]+(/password/\S+/)", mailoutbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choisissez votre mot de passe" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert _login(client, worker, NEW_PASSWORD).status_code == 302
    kinds = list(
        AuditEvent.objects.filter(object_id=str(worker.pk))
        .order_by("id")
        .values_list("object_kind", "actor_id")
    )
    assert (credentials.RESET_LINK_SENT, admin.pk) in kinds
    assert (credentials.PASSWORD_SET_BY_LINK, worker.pk) in kinds
    assert verify().intact


def test_whoever_changed_the_address_cannot_send_the_link(client, world, admin, mailoutbox):
    worker = world.users[Role.SOCIAL_WORKER]
    client.force_login(worker)  # the agent has logged in before
    client.force_login(admin)
    data = {
        "username": worker.username,
        "first_name": worker.first_name,
        "last_name": worker.last_name,
        "email": "pas-camille@example.org",
        "is_active": "on",
        "oidc_sub": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    assert client.post(f"/admin/accounts/user/{worker.pk}/change/", data).status_code == 302
    assert AuditEvent.objects.filter(
        object_kind=credentials.EMAIL_CHANGED, object_id=str(worker.pk), actor=admin
    ).exists()
    page = _send_link_from_admin_site(client, admin, worker).content.decode()
    assert "un·e autre administrateur·rice doit envoyer le lien" in page
    assert mailoutbox == []
    other_admin = member(Role.ADMIN, world.office)
    credentials.send_password_link(actor=other_admin, user_id=worker.pk)
    assert len(mailoutbox) == 1


def test_an_agent_changes_their_own_password_and_it_is_audited(client, world):
    worker = world.users[Role.SECRETARY]
    client.force_login(worker)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        object_kind=credentials.PASSWORD_CHANGED, actor=worker, object_id=str(worker.pk)
    ).exists()


# Lockout


def test_a_third_partys_failures_from_another_address_do_not_lock_the_owner_out(
    client, world, mailoutbox
):
    owner = world.users[Role.SOCIAL_WORKER]
    owner.email = "camille@example.org"
    owner.save()
    for _ in range(5):
        _login(client, owner, "mauvais", address=INTRUDER)
    # From the intruder's address the account is locked, even with the right password…
    assert _login(client, owner, PASSWORD, address=INTRUDER).status_code == 429
    # …and the owner is told by e-mail.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["camille@example.org"]
    assert "verrouillé" in mailoutbox[0].subject
    # From the owner's own workstation, they log in, and are told how many attempts failed.
    response = _login(client, owner, PASSWORD, address="192.168.1.20")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    notice = re.search(r"(\d+) mots de passe erronés ont été saisis pour votre compte", page)
    assert notice and int(notice.group(1)) >= 5
    # Told once.
    assert "mots de passe erronés" not in client.get("/").content.decode()


def test_failures_on_a_username_from_one_address_still_lock_that_address(client, world):
    owner = world.users[Role.SECRETARY]
    for _ in range(5):
        _login(client, owner, "mauvais")
    assert _login(client, owner).status_code == 429


# The DPO's dashboard


def test_the_dashboard_tells_the_dpo_of_roles_and_passwords_in_french(client, world, admin):
    dpo = world.users[Role.DPO]
    newcomer = UserFactory(first_name="Alex", last_name="Nouveau")
    change = role_changes.request_role_change(
        actor=admin,
        user_id=newcomer.pk,
        office_id=world.office.pk,
        role=Role.SECRETARY,
        kind=RoleChangeKind.GRANT,
        reason="Renfort de l'accueil",
    )
    role_changes.approve_role_change(actor=dpo, change_id=change.pk)
    credentials.set_own_password(user=newcomer, new_password=NEW_PASSWORD, by_link=True)
    client.force_login(dpo)
    page = client.get("/audit/dashboard/").content.decode()
    assert "Rôles, comptes et mots de passe" in page
    assert f"a demandé de donner à {newcomer} le rôle «" in page
    assert f"a donné à {newcomer} le rôle" in page and f"à la demande de {admin}" in page
    assert f"le mot de passe de {newcomer} a été choisi par le lien" in page
    assert "role_granted" not in page and "password_set_by_link" not in page


def test_the_admin_site_creates_an_account_without_password_nor_role(client, world, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "nouvelle-recrue",
            "first_name": "Alex",
            "last_name": "Nouveau",
            "email": "alex@example.org",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    created = type(admin).objects.get(username="nouvelle-recrue")
    assert not created.has_usable_password()
    assert not created.memberships.exists()
    assert AuditEvent.objects.filter(
        object_kind=credentials.ACCOUNT_CREATED, object_id=str(created.pk), actor=admin
    ).exists()
