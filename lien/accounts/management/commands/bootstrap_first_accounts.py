"""The installation's first two accounts: an administrator and a data-protection
officer, two different people, so that the second key exists from the start. Refused once
any role exists. Each receives by e-mail a link to choose their password; the grants are
in the audit chain."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from lien.accounts import credentials, role_changes
from lien.offices.models import Office, Organisation


class Command(BaseCommand):
    help = _("Creates the first administrator and the first DPO of a new installation.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help=_("The organisation's name."))
        parser.add_argument("--office", required=True, help=_("The first office's code."))
        parser.add_argument("--office-name", required=True)
        parser.add_argument("--admin", required=True, help=_("The administrator's username."))
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--dpo", required=True, help=_("The DPO's username."))
        parser.add_argument("--dpo-email", required=True)
        parser.add_argument(
            "--reason", default="", help=_("Who decided these two appointments (kept in the log).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                role_changes.refuse_if_installed()
                organisation, _created = Organisation.objects.get_or_create(
                    name=options["organisation"]
                )
                office, _created = Office.objects.get_or_create(
                    code=options["office"],
                    defaults={"organisation": organisation, "name": options["office_name"]},
                )
                people = []
                for key in ("admin", "dpo"):
                    people.append(
                        credentials.create_account(
                            actor=None,
                            username=options[key],
                            first_name="",
                            last_name="",
                            email=options[f"{key}_email"],
                        )
                    )
                role_changes.bootstrap_first_accounts(
                    office=office,
                    admin=people[0],
                    dpo=people[1],
                    reason=options["reason"] or _("first accounts of the installation"),
                )
                for person in people:
                    credentials.send_password_link(actor=None, user_id=person.pk)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _(
                "%(admin)s (administrator) and %(dpo)s (DPO) created; each received a link to choose their password."
            )
            % {"admin": options["admin"], "dpo": options["dpo"]}
        )
