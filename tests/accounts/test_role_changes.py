"""Roles under two keys: an administrator cannot give a role (to themselves or anyone)
without a second person, by the configuration site, the command line or the roles page;
every grant is an event of the audit chain, and the chain verifies."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404

from lien.accounts import role_changes
from lien.accounts.models import OfficeMembership, RoleChange, RoleChangeKind, RoleChangeStatus
from lien.accounts.policy import Can, can, forget
from lien.accounts.roles import Role
from lien.audit.chain import verify
from lien.audit.models import AuditEvent
from lien.audit.sealer import seal_pending

from ..factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(world):
    """Two administrators and the DPO of the world's office."""
    admin = world.users[Role.ADMIN]
    admin.is_staff = True
    admin.save()
    return admin, member(Role.ADMIN, world.office), world.users[Role.DPO]


def _ask(actor, user, office, role=Role.SOCIAL_WORKER, kind=RoleChangeKind.GRANT):
    return role_changes.request_role_change(
        actor=actor,
        user_id=user.pk,
        office_id=office.pk,
        role=role,
        kind=kind,
        reason="Arrivée dans l'équipe au 1er mars",
    )


def _holds(user, office, role) -> bool:
    return OfficeMembership.objects.filter(
        user=user, office=office, role=role, is_active=True
    ).exists()


# The configuration site


def test_the_admin_site_cannot_add_change_or_delete_a_membership(client, world, admins):
    admin, _other, _dpo = admins
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{admin.pk}/change/").content.decode()
    assert "memberships-0-role" not in page  # the inline shows, read-only
    assert "/roles/new/?user=" in page
    data = {
        "username": admin.username,
        "first_name": "A",
        "last_name": "B",
        "email": "",
        "is_active": "on",
        "oidc_sub": "",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-office": world.other_office.pk,
        "memberships-0-role": Role.SOCIAL_WORKER,
        "memberships-0-is_active": "on",
        "memberships-0-user": admin.pk,
    }
    saved = client.post(f"/admin/accounts/user/{admin.pk}/change/", data)
    assert saved.status_code == 302  # the account saved; the role was not in it
    assert not _holds(admin, world.other_office, Role.SOCIAL_WORKER)
    # Nor the superuser flag, which the form does not carry any more.
    client.post(f"/admin/accounts/user/{admin.pk}/change/", {**data, "is_superuser": "on"})
    admin.refresh_from_db()
    assert not admin.is_superuser
    forget(admin)
    assert not can(admin, Can.VIEW_SOCIAL, world.other_office.pk)


def test_the_admin_site_cannot_set_another_agents_password(client, world, admins):
    admin, _other, _dpo = admins
    worker = world.users[Role.SOCIAL_WORKER]
    before = worker.password
    client.force_login(admin)
    url = f"/admin/accounts/user/{worker.pk}/password/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Tr0mpette-Verte!", "password2": "Tr0mpette-Verte!"})
    assert response.status_code == 403
    worker.refresh_from_db()
    assert worker.password == before


# The roles page


def test_a_grant_needs_a_second_person_and_is_in_the_chain(client, world, admins):
    admin, _other, dpo = admins
    newcomer = UserFactory()
    client.force_login(admin)
    response = client.post(
        "/roles/new/",
        {
            "kind": RoleChangeKind.GRANT,
            "user": newcomer.pk,
            "office": world.office.pk,
            "role": Role.SOCIAL_WORKER,
            "reason": "Arrivée dans l'équipe",
        },
    )
    assert response.status_code == 302
    change = RoleChange.objects.get(user=newcomer)
    assert not _holds(newcomer, world.office, Role.SOCIAL_WORKER)
    # The requester's own approval changes nothing and says why, in French.
    page = client.post(f"/roles/{change.pk}/approve/", follow=True).content.decode()
    assert "Vous avez demandé ce changement vous-même" in page
    assert not _holds(newcomer, world.office, Role.SOCIAL_WORKER)
    change.refresh_from_db()
    assert change.status == RoleChangeStatus.PENDING
    # The DPO approves: the role applies.
    client.force_login(dpo)
    page = client.get("/roles/").content.decode()
    assert "Demandes en attente de votre décision" in page and str(newcomer) in page
    client.post(f"/roles/{change.pk}/approve/")
    assert _holds(newcomer, world.office, Role.SOCIAL_WORKER)
    kinds = list(
        AuditEvent.objects.filter(object_id=str(change.pk))
        .order_by("id")
        .values_list("object_kind", "actor_id")
    )
    assert kinds == [
        (role_changes.REQUESTED, admin.pk),
        (role_changes.GRANTED, dpo.pk),
    ]
    # Events are sealed after commit; inside the test's transaction, seal them by hand.
    seal_pending()
    verdict = verify()
    assert verdict.intact and verdict.checked >= 2


def test_an_administrator_cannot_ask_for_a_role_for_themselves(client, world, admins):
    admin, _other, _dpo = admins
    client.force_login(admin)
    page = client.post(
        "/roles/new/",
        {
            "kind": RoleChangeKind.GRANT,
            "user": admin.pk,
            "office": world.other_office.pk,
            "role": Role.SOCIAL_WORKER,
            "reason": "Pour voir",
        },
    ).content.decode()
    assert "Vous ne pouvez pas demander de changement de vos propres rôles" in page
    assert not RoleChange.objects.exists()
    assert not _holds(admin, world.other_office, Role.SOCIAL_WORKER)


def test_nobody_decides_a_request_about_themselves(world, admins):
    admin, other_admin, _dpo = admins
    change = _ask(other_admin, admin, world.other_office)
    with pytest.raises(ValidationError) as refused:
        role_changes.approve_role_change(actor=admin, change_id=change.pk)
    assert "concerne vos propres rôles" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        role_changes.refuse_role_change(actor=admin, change_id=change.pk, reason="non")
    assert not _holds(admin, world.other_office, Role.SOCIAL_WORKER)


def test_agents_without_a_role_to_ask_or_approve_cannot(world, admins):
    admin, _other, _dpo = admins
    change = _ask(admin, UserFactory(), world.office)
    for role in (Role.SOCIAL_WORKER, Role.MANAGER, Role.STATISTICIAN, Role.SECRETARY):
        with pytest.raises(Http404):
            _ask(world.users[role], UserFactory(), world.office)
        with pytest.raises(Http404):
            role_changes.approve_role_change(actor=world.users[role], change_id=change.pk)
    assert RoleChange.objects.count() == 1


def test_another_administrator_may_approve_and_a_refusal_needs_a_reason(world, admins):
    admin, other_admin, _dpo = admins
    first, second = UserFactory(), UserFactory()
    change = _ask(admin, first, world.office)
    role_changes.approve_role_change(actor=other_admin, change_id=change.pk)
    assert _holds(first, world.office, Role.SOCIAL_WORKER)
    refused = _ask(admin, second, world.office)
    with pytest.raises(ValidationError):
        role_changes.refuse_role_change(actor=other_admin, change_id=refused.pk, reason=" ")
    role_changes.refuse_role_change(actor=other_admin, change_id=refused.pk, reason="Pas prévu")
    assert not _holds(second, world.office, Role.SOCIAL_WORKER)
    with pytest.raises(ValidationError):  # decided once
        role_changes.approve_role_change(actor=other_admin, change_id=refused.pk)


def test_removing_a_role_needs_a_second_person_too(world, admins):
    admin, _other, dpo = admins
    worker = world.users[Role.SOCIAL_WORKER]
    change = _ask(admin, worker, world.office, kind=RoleChangeKind.REVOKE)
    assert _holds(worker, world.office, Role.SOCIAL_WORKER)
    role_changes.approve_role_change(actor=dpo, change_id=change.pk)
    assert not _holds(worker, world.office, Role.SOCIAL_WORKER)
    assert AuditEvent.objects.filter(object_kind=role_changes.REMOVED).exists()


def test_a_file_role_with_an_oversight_role_needs_the_combination_approved(world, admins):
    admin, _other, dpo = admins
    statistician = world.users[Role.STATISTICIAN]
    change = _ask(admin, statistician, world.office)
    assert change.combination == Role.STATISTICIAN
    with pytest.raises(ValidationError) as refused:
        role_changes.approve_role_change(actor=dpo, change_id=change.pk)
    assert "Approuvez expressément ce cumul" in " ".join(refused.value.messages)
    assert not _holds(statistician, world.office, Role.SOCIAL_WORKER)
    role_changes.approve_role_change(actor=dpo, change_id=change.pk, approve_combination=True)
    change.refresh_from_db()
    assert change.combination_approved
    assert _holds(statistician, world.office, Role.SOCIAL_WORKER)


def test_the_administrator_flag_follows_the_administrator_role(world, admins):
    admin, _other, dpo = admins
    newcomer = UserFactory()
    role_changes.approve_role_change(
        actor=dpo, change_id=_ask(admin, newcomer, world.office, role=Role.ADMIN).pk
    )
    newcomer.refresh_from_db()
    assert newcomer.is_staff


# The command line


def test_the_command_needs_two_different_agents(world, admins):
    admin, _other, dpo = admins
    newcomer = UserFactory()
    ask = [
        "role_change",
        "request",
        "--by",
        admin.username,
        "--user",
        newcomer.username,
        "--office",
        world.office.code,
        "--role",
        Role.SECRETARY,
        "--reason",
        "Renfort de l'accueil",
    ]
    with pytest.raises(CommandError, match="vos propres rôles"):
        call_command(*[admin.username if a == newcomer.username else a for a in ask])
    call_command(*ask)
    change = RoleChange.objects.get(user=newcomer)
    with pytest.raises(CommandError, match="vous-même"):
        call_command("role_change", "approve", str(change.pk), "--by", admin.username)
    assert not _holds(newcomer, world.office, Role.SECRETARY)
    call_command("role_change", "approve", str(change.pk), "--by", dpo.username)
    assert _holds(newcomer, world.office, Role.SECRETARY)
    assert AuditEvent.objects.filter(object_kind=role_changes.GRANTED, actor=dpo).exists()
    assert verify().intact


def test_createsuperuser_and_changepassword_are_refused(world):
    with pytest.raises(CommandError, match="bootstrap_first_accounts"):
        call_command("createsuperuser", "--noinput", "--username", "root")
    with pytest.raises(CommandError, match="lien"):
        call_command("changepassword", world.users[Role.SECRETARY].username)


# The first accounts of an installation


def test_the_first_accounts_are_created_once_for_two_people_and_audited(db, mailoutbox):
    arguments = {
        "organisation": "Département",
        "office": "siege",
        "office_name": "Siège",
        "admin": "premier-admin",
        "admin_email": "admin@example.org",
        "dpo": "premier-dpo",
        "dpo_email": "dpo@example.org",
    }
    with pytest.raises(CommandError, match="deux personnes différentes"):
        call_command("bootstrap_first_accounts", **{**arguments, "dpo_email": "admin@example.org"})
    assert not OfficeMembership.objects.exists()
    call_command("bootstrap_first_accounts", **arguments)
    assert OfficeMembership.objects.count() == 2
    assert len(mailoutbox) == 2 and "/password/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(object_kind=role_changes.GRANTED_AT_INSTALLATION).count() == 2
    with pytest.raises(CommandError, match="déjà des comptes"):
        call_command(
            "bootstrap_first_accounts", **{**arguments, "admin": "autre", "dpo": "autre-dpo"}
        )
    assert OfficeMembership.objects.count() == 2
    assert verify().intact


def test_the_demo_path_is_refused_outside_the_demo(world, settings):
    settings.DEBUG = False
    settings.LIEN_ALLOW_DEMO = False
    with pytest.raises(ValidationError):
        role_changes.grant_for_demo(user=UserFactory(), office=world.office, role=Role.ADMIN)
