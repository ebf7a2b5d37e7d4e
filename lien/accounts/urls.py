from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import oidc, views, views_roles
from .forms import LinkSetPasswordForm, OwnPasswordChangeForm
from .middleware import before_second_factor

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", before_second_factor(auth_views.LogoutView.as_view()), name="logout"),
    path("account/security/", views.security, name="account_security"),
    path("account/keep-session/", views.keep_session, name="keep_session"),
    path("account/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("account/backup-codes/", views.new_backup_codes, name="new_backup_codes"),
    path("account/confirm/", views.confirm_identity, name="confirm_identity"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            form_class=OwnPasswordChangeForm,
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_change_done",
    ),
    # The link an administrator sends (lien/accounts/credentials.py): no password is
    # ever set by anyone but its owner.
    path(
        "password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=LinkSetPasswordForm,
            template_name="registration/password_reset_confirm.html",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("roles/", views_roles.role_change_list, name="role_changes"),
    path("roles/new/", views_roles.role_change_new, name="role_change_new"),
    path("roles/<int:pk>/approve/", views_roles.role_change_approve, name="role_change_approve"),
    path("roles/<int:pk>/refuse/", views_roles.role_change_refuse, name="role_change_refuse"),
    path("roles/<int:pk>/withdraw/", views_roles.role_change_withdraw, name="role_change_withdraw"),
    # Single sign-on: answers 404 unless configured (lien/accounts/oidc.py).
    path("oidc/authenticate/", oidc.authentication_request, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.authentication_callback, name="oidc_authentication_callback"),
]
