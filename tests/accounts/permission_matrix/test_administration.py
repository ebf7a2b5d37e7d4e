"""The permission matrix of the administration: an agent's own security settings, the
accounts and roles, the offices' record keeping, and the DPO's audit log."""

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lien.accounts import selectors as account_selectors
from lien.accounts import services as account_services
from lien.accounts.organisation import services as office_services
from lien.accounts.roles import Role
from lien.offices.models import RecordKeeping
from lien.web.audit import selectors as audit_selectors

from .matrix import ADM, ALL, DPO, check, paper_based


def _current_code(actor) -> str:
    device = TOTPDevice.objects.filter(user=actor).order_by("-id").first()
    return f"{TOTP(device.bin_key).token():06d}"


def _enrolled(actor) -> bool:
    account_services.start_totp_enrolment(actor=actor, verified=False)
    account_services.confirm_totp_enrolment(actor=actor, token=_current_code(actor), verified=False)
    return True


ADMINISTRATION_RULES = {
    "web.audit.selectors.events_visible_to": (
        lambda a, t: audit_selectors.events_visible_to(actor=a).filter(actor=t.other_user).exists(),
        {DPO},
        {DPO},
    ),
    "web.audit.selectors.filtered_events": (
        lambda a, t: audit_selectors.filtered_events(
            actor=a, username=t.other_user.username
        ).exists(),
        {DPO},
        {DPO},
    ),
    "web.audit.selectors.dashboard_for": (
        lambda a, t: (
            audit_selectors.dashboard_for(
                actor=a, since=timezone.localdate(), until=timezone.localdate()
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "web.audit.selectors.extract_for": (
        lambda a, t: bool(
            audit_selectors.extract_for(
                actor=a,
                reason="Plainte",
                since=timezone.localdate(),
                until=timezone.localdate(),
                username=t.other_user.username,
            )
        ),
        {DPO},
        {DPO},
    ),
    # The office's record keeping: the administrator's, for every office.
    "accounts.organisation.services.record_keeping_change": (
        lambda a, t: (
            office_services.record_keeping_change(
                actor=a, office_id=t.office.pk, mode=RecordKeeping.PAPER, since=None
            )
            is not None
        ),
        {ADM},
        {ADM},
    ),
    "accounts.organisation.services.remove_record_keeping_change": (
        lambda a, t: (
            office_services.remove_record_keeping_change(
                actor=a, change_id=paper_based(t).record_keeping_changes.get().pk
            )
            is None
        ),
        {ADM},
        {ADM},
    ),
    # An agent's own security settings: each acts on the actor's own account only (there
    # is no other account to name), so every role may, whatever the office.
    "accounts.services.start_totp_enrolment": (
        lambda a, t: account_services.start_totp_enrolment(actor=a, verified=False) is not None,
        ALL,
        ALL,
    ),
    "accounts.services.confirm_totp_enrolment": (lambda a, t: _enrolled(a), ALL, ALL),
    "accounts.services.regenerate_backup_codes": (
        lambda a, t: _enrolled(a) and len(account_services.regenerate_backup_codes(actor=a)) == 10,
        ALL,
        ALL,
    ),
    "accounts.services.verify_second_factor": (
        lambda a, t: (
            # A backup code: the authenticator's current code was just used up by the set-up.
            _enrolled(a)
            and account_services.verify_second_factor(
                actor=a, token=account_services.regenerate_backup_codes(actor=a)[0]
            )
            is not None
        ),
        ALL,
        ALL,
    ),
    "accounts.services.confirm_identity": (
        lambda a, t: account_services.confirm_identity(
            actor=a, password="test-password-123", need_token=False
        ),
        ALL,
        ALL,
    ),
    # Account administration: organisation-wide, the admin role only.
    "accounts.services.reset_second_factor": (
        lambda a, t: account_services.reset_second_factor(actor=a, user_id=t.worker.pk) is None,
        {ADM},
        {ADM},
    ),
    "accounts.services.unlock_account": (
        lambda a, t: account_services.unlock_account(actor=a, user_id=t.worker.pk) >= 0,
        {ADM},
        {ADM},
    ),
    # The roles page: the administrators who ask, and the DPO and administrators who
    # approve (never their own requests: tests/accounts/test_role_changes.py).
    "accounts.selectors.role_change_board": (
        lambda a, t: account_selectors.role_change_board(actor=a) is not None,
        {ADM, DPO},
        {ADM, DPO},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(ADMINISTRATION_RULES))
def test_matrix(world, name, role, scope):
    check(world, ADMINISTRATION_RULES, name, role, scope)
