"""Builds the load test's data and writes its plan: who logs in, which files, which names.

    DJANGO_SETTINGS_MODULE=config.settings.bench python bench/load/prepare.py \
        --households 100000 --users 50 --plan var/bench/load/plan.json

The data are `manage.py seed_synthetic` (32 offices, each with 6 social workers, a
secretary and a manager, all with the demo password; the bench settings need no second
factor). The plan gives each simulated agent an account of the synthetic département: one
secretary in five (the reception desk), social workers for the rest, each with files of
their own office (their own caseload for a social worker, open files for a secretary),
names of persons of that office to search for, and the intervention items to record.
"""

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

FILES_PER_AGENT = 100
NAMES_PER_AGENT = 100


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--plan", type=Path, required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from lien.casefiles.models import Person

    if Person.objects.exists():
        # A département built before (by another bench on the same DATABASE_URL) is used
        # as it is, as the other benches do.
        print(f"using the {Person.objects.count():,} persons already in the database")
    else:
        call_command("seed_synthetic", households=args.households)
    plan = _plan(args.users)
    args.plan.parent.mkdir(parents=True, exist_ok=True)
    args.plan.write_text(json.dumps(plan, indent=1))
    print(f"plan: {len(plan['agents'])} agents written to {args.plan}")


def _plan(users: int) -> dict:
    from lien.accounts.models import OfficeMembership
    from lien.accounts.roles import Role
    from lien.casefiles.models import CaseFile, FileStatus, HouseholdMember, Relationship
    from lien.catalog.models import Family, Item
    from lien.demo.accounts import DEMO_PASSWORD

    rng = random.Random(8)
    secretaries = users // 5
    memberships = list(
        OfficeMembership.objects.filter(role=Role.SECRETARY).order_by("office_id")[:secretaries]
    ) + list(
        OfficeMembership.objects.filter(role=Role.SOCIAL_WORKER).order_by("office_id", "user_id")[
            : users - secretaries
        ]
    )
    agents = []
    for membership in memberships:
        files = CaseFile.objects.filter(office_id=membership.office_id, status=FileStatus.OPEN)
        if membership.role == Role.SOCIAL_WORKER:
            files = files.filter(referent_id=membership.user_id)
        chosen = list(files.order_by("?").values_list("pk", "household_id")[:FILES_PER_AGENT])
        references = dict(
            HouseholdMember.objects.filter(
                household_id__in=[h for _, h in chosen], relationship=Relationship.REFERENCE
            ).values_list("household_id", "person_id")
        )
        names = list(
            HouseholdMember.objects.filter(household__casefiles__office_id=membership.office_id)
            .order_by("?")
            .values_list("person__birth_name", "person__first_names")[:NAMES_PER_AGENT]
        )
        agents.append(
            {
                "username": membership.user.username,
                "password": DEMO_PASSWORD,
                "role": membership.role,
                "office": membership.office_id,
                "files": [{"id": f, "person": references.get(h)} for f, h in chosen],
                # Half whole birth names, half a prefix and three letters of the first name.
                "searches": [
                    last if rng.random() < 0.5 else f"{last[: rng.randint(3, 6)]} {first[:3]}"
                    for last, first in names
                ],
            }
        )
    items = list(Item.objects.offered(Family.INTERVENTION).values_list("pk", flat=True))
    return {"agents": agents, "intervention_items": items}


if __name__ == "__main__":
    main()
