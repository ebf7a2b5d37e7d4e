"""Role changes from the command line: the same requests, under the same two keys, as
the roles page. `--by` names the agent acting; the request and its approval must come
from two different agents, neither of them the one concerned."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from lien.accounts import role_changes
from lien.accounts.models import RoleChange, RoleChangeKind, RoleChangeStatus, User
from lien.accounts.roles import Role
from lien.offices.models import Office


def _agent(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(
            _("No active agent has the username %(username)s.") % {"username": username}
        )
    return user


class Command(BaseCommand):
    help = _("Asks for, approves, refuses or lists role changes (two different agents).")

    def add_arguments(self, parser: CommandParser) -> None:
        steps = parser.add_subparsers(dest="step", required=True)
        ask = steps.add_parser("request", help=_("Ask to give or remove a role."))
        ask.add_argument("--by", required=True, help=_("The administrator who asks."))
        ask.add_argument("--user", required=True, help=_("The agent concerned."))
        ask.add_argument("--office", required=True, help=_("The office's code."))
        ask.add_argument("--role", required=True, choices=Role.values)
        ask.add_argument("--reason", required=True)
        ask.add_argument("--remove", action="store_true", help=_("Remove the role."))
        approve = steps.add_parser("approve", help=_("Approve a request."))
        approve.add_argument("id", type=int)
        approve.add_argument("--by", required=True, help=_("The DPO or another administrator."))
        approve.add_argument("--approve-combination", action="store_true")
        approve.add_argument("--note", default="")
        refuse = steps.add_parser("refuse", help=_("Refuse a request."))
        refuse.add_argument("id", type=int)
        refuse.add_argument("--by", required=True)
        refuse.add_argument("--note", required=True)
        steps.add_parser("list", help=_("The requests awaiting a decision."))

    def handle(self, *args: Any, step: str, **options: Any) -> None:
        try:
            getattr(self, f"_{step}")(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except Http404 as error:
            raise CommandError(
                _("This agent may not do that, or the request does not exist.")
            ) from error

    def _request(
        self,
        *,
        by: str,
        user: str,
        office: str,
        role: str,
        reason: str,
        remove: bool,
        **_options: Any,
    ) -> None:
        place = Office.objects.filter(code=office).first()
        if place is None:
            raise CommandError(_("No office has the code %(code)s.") % {"code": office})
        change = role_changes.request_role_change(
            actor=_agent(by),
            user_id=_agent(user).pk,
            office_id=place.pk,
            role=role,
            kind=RoleChangeKind.REVOKE if remove else RoleChangeKind.GRANT,
            reason=reason,
        )
        self.stdout.write(
            _("Request %(id)s recorded: it applies once a second person approves it.")
            % {"id": change.pk}
        )

    def _approve(
        self, *, id: int, by: str, approve_combination: bool, note: str, **_options: Any
    ) -> None:
        role_changes.approve_role_change(
            actor=_agent(by), change_id=id, approve_combination=approve_combination, note=note
        )
        self.stdout.write(_("Request %(id)s approved and applied.") % {"id": id})

    def _refuse(self, *, id: int, by: str, note: str, **_options: Any) -> None:
        role_changes.refuse_role_change(actor=_agent(by), change_id=id, reason=note)
        self.stdout.write(_("Request %(id)s refused; nothing changed.") % {"id": id})

    def _list(self, **_options: Any) -> None:
        pending = RoleChange.objects.filter(status=RoleChangeStatus.PENDING).select_related(
            "user", "office", "requested_by"
        )
        for change in pending.order_by("requested_at"):
            self.stdout.write(
                f"{change.pk}\t{change.get_kind_display()}\t{change.get_role_display()}\t"
                f"{change.user.username}\t{change.office.code}\t{change.requested_by.username}"
            )
