from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("lien.monitoring.urls")),
    path("", include("lien.api.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("lien.accounts.urls")),
    path("", include("lien.casefiles.urls")),
    path("", include("lien.casefiles.break_glass.urls")),
    path("", include("lien.catalog.urls")),
    path("", include("lien.privacy.register.urls")),
    path("", include("lien.web.audit.urls")),
    path("", include("lien.privacy.urls")),
    path("", include("lien.privacy.archive.urls")),
    path("", include("lien.web.urls")),
]

# The API's unknown URLs answer in JSON (lien/api/errors.py); the pages' stay HTML.
handler404 = "lien.api.errors.page_not_found"
