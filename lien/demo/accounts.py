"""The demo département's offices and accounts. Demo only: every account shares one
published password, which is why `seed_demo` refuses to run with production settings.

The accounts get their roles and password through the demo-only paths of
lien.accounts (`grant_for_demo`, `set_demo_password`): one command gives every role, which
a real installation never allows (roles there need a second person), and each grant and
password is still an event of the audit chain."""

from dataclasses import dataclass
from datetime import time

from lien.accounts.credentials import set_demo_password
from lien.accounts.models import User
from lien.accounts.role_changes import grant_for_demo
from lien.accounts.roles import Role
from lien.offices.models import Office, OpeningPeriod, Organisation, Town

DEMO_PASSWORD = "demo-lien-2026"  # noqa: S105 - published on purpose, demo data only
ORGANISATION_NAME = "Département de démonstration"

# (code, office name, towns as (INSEE code, name, postal code, legal population))
OFFICES = [
    (
        "bobigny",
        "Circonscription de Bobigny",
        [("93008", "Bobigny", "93000", 55000), ("93053", "Drancy", "93700", 72000)],
    ),
    (
        "montreuil",
        "Circonscription de Montreuil",
        [("93048", "Montreuil", "93100", 111000), ("93006", "Bagnolet", "93170", 39000)],
    ),
    (
        "saint-denis",
        "Circonscription de Saint-Denis",
        [
            ("93066", "Saint-Denis", "93200", 113000),
            ("93070", "Saint-Ouen-sur-Seine", "93400", 52000),
        ],
    ),
    (
        "aubervilliers",
        "Circonscription d'Aubervilliers",
        [("93001", "Aubervilliers", "93300", 88000), ("93027", "La Courneuve", "93120", 46000)],
    ),
]

# (username prefix, role, first name, last name); a second social worker per office so
# that files can be shared out and reassigned.
STAFF = [
    ("as", Role.SOCIAL_WORKER, "Camille", "Martin"),
    ("as2", Role.SOCIAL_WORKER, "Nadia", "Benali"),
    ("secretaire", Role.SECRETARY, "Sophie", "Durand"),
    ("responsable", Role.MANAGER, "Julien", "Moreau"),
    ("statisticien", Role.STATISTICIAN, "Paul", "Lefèvre"),
    ("dpo", Role.DPO, "Claire", "Fontaine"),
    ("admin", Role.ADMIN, "Marc", "Petit"),
    ("crip", Role.CRIP, "Hélène", "Garnier"),
    ("commission", Role.COMMITTEE_SECRETARY, "Inès", "Garnier"),
]


@dataclass
class DemoAccount:
    username: str
    role: str
    office: str


# Fictitious addresses, and telephone numbers from the range ARCEP keeps for fiction
# (01 99 00 00 00 to 01 99 99 99 99).
OFFICE_CONTACTS = {
    "bobigny": ("12 rue de l'Exemple\n93000 Bobigny", "01 99 00 10 01"),
    "montreuil": ("3 place Imaginaire\n93100 Montreuil", "01 99 00 10 02"),
    "saint-denis": ("45 avenue Fictive\n93200 Saint-Denis", "01 99 00 10 03"),
    "aubervilliers": ("8 allée du Modèle\n93300 Aubervilliers", "01 99 00 10 04"),
}
# Monday to Friday, morning and afternoon.
OPENING_HOURS = [(time(9, 0), time(12, 30)), (time(13, 30), time(17, 30))]


def _fill_contact_and_hours(office: Office) -> None:
    address, phone = OFFICE_CONTACTS.get(office.code, ("", ""))
    if not office.address and not office.phone:
        office.address, office.phone = address, phone
        office.save(update_fields=["address", "phone"])
    if not office.opening_periods.exists():
        OpeningPeriod.objects.bulk_create(
            OpeningPeriod(office=office, weekday=day, opens_at=opens, closes_at=closes)
            for day in range(5)
            for opens, closes in OPENING_HOURS
        )


def ensure_offices() -> list[Office]:
    organisation, _ = Organisation.objects.get_or_create(
        name=ORGANISATION_NAME,
        defaults={
            "dpo_name": "Délégué à la protection des données",
            "dpo_email": "dpo@example.org",
        },
    )
    offices = []
    for code, name, towns in OFFICES:
        office, _ = Office.objects.get_or_create(
            code=code, defaults={"organisation": organisation, "name": name}
        )
        for insee, town_name, postal, population in towns:
            town, _ = Town.objects.get_or_create(
                insee_code=insee,
                defaults={"name": town_name, "postal_code": postal, "population": population},
            )
            office.towns.add(town)
        _fill_contact_and_hours(office)
        offices.append(office)
    return offices


def ensure_accounts(offices: list[Office]) -> list[DemoAccount]:
    accounts = []
    for office in offices:
        for prefix, role, first_name, last_name in STAFF:
            username = f"{prefix}-{office.code}"
            user, _ = User.objects.get_or_create(
                username=username, defaults={"first_name": first_name, "last_name": last_name}
            )
            set_demo_password(user=user, password=DEMO_PASSWORD)
            # Only the administrator enters the configuration site: grant_for_demo sets
            # the flag from the role.
            grant_for_demo(user=user, office=office, role=role)
            accounts.append(DemoAccount(username=username, role=role, office=office.name))
    return accounts
