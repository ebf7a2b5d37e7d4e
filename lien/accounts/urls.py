from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc, views
from .middleware import before_second_factor

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", before_second_factor(auth_views.LogoutView.as_view()), name="logout"),
    path("account/security/", views.security, name="account_security"),
    path("account/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("account/backup-codes/", views.new_backup_codes, name="new_backup_codes"),
    path("account/confirm/", views.confirm_identity, name="confirm_identity"),
    # Single sign-on: answers 404 unless configured (lien/accounts/oidc.py).
    path("oidc/authenticate/", oidc.authentication_request, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.authentication_callback, name="oidc_authentication_callback"),
]
