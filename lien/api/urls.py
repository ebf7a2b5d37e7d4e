"""The API's routes. Every view under /api/v1/ names its token scope; the schema and its
documentation page are public (what the API offers is no secret, the data is)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views_tokens
from .views import accounts, aid, catalog, payments, statistics


def _open(view):
    """The API authenticates by token, not by the pages' login."""
    return login_not_required(view)


# The endpoints of other systems: each line has its rule in
# tests/accounts/permission_matrix/test_api.py.
api_v1 = [
    path(
        "api/v1/statistics/<slug:grid>/<int:year>/",
        _open(statistics.PublishedGridView.as_view()),
        name="api_statistics_grid",
    ),
    path(
        "api/v1/catalog/items/", _open(catalog.CatalogItemsView.as_view()), name="api_catalog_items"
    ),
    path(
        "api/v1/catalog/export.yaml",
        _open(catalog.CatalogExportView.as_view()),
        name="api_catalog_export",
    ),
    path(
        "api/v1/accounts/", _open(accounts.AccountCreateView.as_view()), name="api_account_create"
    ),
    path(
        "api/v1/accounts/<str:username>/deactivate/",
        _open(accounts.AccountDeactivateView.as_view()),
        name="api_account_deactivate",
    ),
    path(
        "api/v1/accounts/<str:username>/role-requests/",
        _open(accounts.RoleRequestView.as_view()),
        name="api_account_role_request",
    ),
    path(
        "api/v1/aid/decisions/",
        _open(aid.GrantedAidDecisionsView.as_view()),
        name="api_aid_decisions",
    ),
    path(
        "api/v1/payments/batches/",
        _open(payments.BatchesAwaitingReturnView.as_view()),
        name="api_payment_batches",
    ),
    path(
        "api/v1/payments/batches/<int:pk>/orders/",
        _open(payments.BatchOrdersView.as_view()),
        name="api_payment_batch_orders",
    ),
    path(
        "api/v1/payments/batches/<int:pk>/return/",
        _open(payments.BatchReturnView.as_view()),
        name="api_payment_batch_return",
    ),
]

urlpatterns = [
    *api_v1,
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api_schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    # The administrators' and the DPO's pages: tokens under two keys.
    path("api-tokens/", views_tokens.token_list, name="api_tokens"),
    path("api-tokens/new/", views_tokens.token_new, name="api_token_new"),
    path("api-tokens/<int:pk>/approve/", views_tokens.token_approve, name="api_token_approve"),
    path("api-tokens/<int:pk>/refuse/", views_tokens.token_refuse, name="api_token_refuse"),
    path("api-tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="api_token_revoke"),
]
