"""Seeds the CI smoke test's database (.ci/smoke-stack) through the production paths: the
installation's first administrator and DPO (`bootstrap_first_accounts`), roles given under
two keys (the administrator asks, the DPO approves), a second factor for each agent, and
households brought in by `import_households`. Prints the smoke test's facts as JSON.

Run with config.settings.prod and the stack's environment: `python .ci/smoke_stack/seed.py`.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from lien.accounts import credentials, role_changes  # noqa: E402
from lien.accounts.models import RoleChangeKind, User  # noqa: E402
from lien.accounts.roles import Role  # noqa: E402
from lien.offices.models import Office  # noqa: E402

PASSWORD = os.environ["SMOKE_PASSWORD"]
TOTP_KEY = os.environ["SMOKE_TOTP_KEY"]  # hex, as django-otp stores it
OFFICE = "smoke"
HOUSEHOLDS = """foyer;lien;nom_naissance;prenoms;date_naissance;sexe;code_postal;ouvert_le
F1;référence;Fumeroux;Odile;12/03/1980;F;93000;01/02/2024
F1;enfant;Fumeroux;Tom;01/05/2012;M;;
F2;référence;Quenardel;Awa;;F;93200;
F3;référence;Vasquebert;Jean;04/07/1975;M;93100;
"""


def agent(username: str) -> User:
    return credentials.create_account(
        actor=None,
        username=username,
        first_name="Smoke",
        last_name=username,
        email=f"{username}@smoke.invalid",
    )


def main() -> None:
    call_command(
        "bootstrap_first_accounts",
        organisation="Département du test de fumée",
        office=OFFICE,
        office_name="Circonscription de test",
        admin="smoke-admin",
        admin_email="smoke-admin@smoke.invalid",
        dpo="smoke-dpo",
        dpo_email="smoke-dpo@smoke.invalid",
        reason="CI smoke test",
    )
    office = Office.objects.get(code=OFFICE)
    admin, dpo = User.objects.get(username="smoke-admin"), User.objects.get(username="smoke-dpo")
    roles = {
        "smoke-worker": Role.SOCIAL_WORKER,
        "smoke-manager": Role.MANAGER,
        "smoke-statistician": Role.STATISTICIAN,
    }
    for username, role in roles.items():
        user = agent(username)
        change = role_changes.request_role_change(
            actor=admin,
            user_id=user.pk,
            office_id=office.pk,
            role=role,
            kind=RoleChangeKind.GRANT,
            reason="CI smoke test",
        )
        role_changes.approve_role_change(actor=dpo, change_id=change.pk)
    for user in User.objects.filter(username__in=list(roles)):
        credentials.set_own_password(user=user, new_password=PASSWORD, by_link=True)
        # What the agent's enrolment on the security page leaves: a confirmed device.
        TOTPDevice.objects.create(user=user, name="smoke", key=TOTP_KEY, confirmed=True)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as sheet:
        sheet.write(HOUSEHOLDS)
        sheet.flush()
        call_command(
            "import_households", sheet.name, office=OFFICE, user="smoke-manager", verbosity=0
        )
    print(json.dumps({"office": OFFICE, "agents": sorted(roles)}))


if __name__ == "__main__":
    main()
