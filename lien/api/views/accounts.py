"""Account provisioning from the identity system: create an account (no password: the
agent chooses it through a link; no role), deactivate one, and *ask* for a role change,
which applies only once the DPO or an administrator approves it (role_changes.py). No
endpoint lists the accounts."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lien.accounts import credentials, role_changes, services
from lien.accounts.api_tokens.models import ApiScope
from lien.accounts.models import RoleChangeKind, User
from lien.accounts.roles import Role
from lien.offices.models import Office

from .common import ERROR, REFUSALS

# Usernames the pages accept (Django's own rule), kept short for the audit log.
USERNAME = r"^[\w.@+-]{1,150}$"


class NewAccountSerializer(serializers.Serializer[Any]):
    username = serializers.RegexField(USERNAME, max_length=150)
    first_name = serializers.CharField(max_length=150, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, allow_blank=True, default="")


class AccountSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    is_active = serializers.BooleanField()


class RoleRequestSerializer(serializers.Serializer[Any]):
    office = serializers.SlugField(help_text="Code de la circonscription.")
    role = serializers.ChoiceField(choices=Role.choices)
    kind = serializers.ChoiceField(choices=RoleChangeKind.choices, default=RoleChangeKind.GRANT)
    reason = serializers.CharField(max_length=2000)


class RoleRequestAnswer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="« pending » : en attente d'une seconde personne.")


def _account(data: User) -> dict[str, Any]:
    return {"id": data.pk, "username": data.username, "is_active": data.is_active}


def _user_or_404(username: str) -> User:
    # Another API client's account is not an agent the identity system manages.
    user = User.objects.filter(username=username, api_client__isnull=True).first()
    if user is None:
        raise Http404
    return user


class AccountCreateView(APIView):
    api_scope = ApiScope.ACCOUNTS

    @extend_schema(
        operation_id="account_create",
        summary="Créer le compte d'un agent (sans mot de passe ni rôle)",
        request=NewAccountSerializer,
        responses={
            201: AccountSerializer,
            400: OpenApiResponse(ERROR, description="Refusé : voir les champs nommés."),
            **REFUSALS,
        },
    )
    def post(self, request: Request) -> Response:
        given = NewAccountSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = credentials.create_account(actor=request.user, **given.validated_data)
        return Response(_account(user), status=status.HTTP_201_CREATED)


class AccountDeactivateView(APIView):
    api_scope = ApiScope.ACCOUNTS

    @extend_schema(
        operation_id="account_deactivate",
        summary="Désactiver le compte d'un agent qui part",
        request=None,
        responses={
            200: AccountSerializer,
            400: OpenApiResponse(ERROR, description="Déjà désactivé."),
            **REFUSALS,
        },
    )
    def post(self, request: Request, username: str) -> Response:
        user = _user_or_404(username)
        user = services.deactivate_account(actor=request.user, user_id=user.pk)
        return Response(_account(user))


class RoleRequestView(APIView):
    api_scope = ApiScope.ACCOUNTS

    @extend_schema(
        operation_id="account_role_request",
        summary="Demander un changement de rôle (une seconde personne l'approuve dans Lien)",
        request=RoleRequestSerializer,
        responses={
            201: RoleRequestAnswer,
            400: OpenApiResponse(ERROR, description="Refusé : voir les champs nommés."),
            **REFUSALS,
        },
    )
    def post(self, request: Request, username: str) -> Response:
        user = _user_or_404(username)
        given = RoleRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        office = Office.objects.filter(code=given.validated_data["office"]).first()
        if office is None:
            raise ValidationError({"office": _("No office has this code.")})
        change = role_changes.request_role_change(
            actor=request.user,
            user_id=user.pk,
            office_id=office.pk,
            role=given.validated_data["role"],
            kind=given.validated_data["kind"],
            reason=given.validated_data["reason"],
        )
        return Response({"id": change.pk, "status": change.status}, status=status.HTTP_201_CREATED)
