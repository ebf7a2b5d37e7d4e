from django.urls import include, path

from . import views, views_guard

urlpatterns = [
    path("files/<int:pk>/notice/", views.record_notice, name="record_notice"),
    path(
        "files/<int:pk>/statistics-opposition/",
        views.record_opposition,
        name="record_statistics_opposition",
    ),
    path("privacy/requests/", views.rights_requests, name="rights_requests"),
    path("privacy/requests/<int:pk>/", views.rights_request, name="rights_request"),
    path(
        "privacy/requests/<int:pk>/export.json",
        views.access_export,
        {"fmt": "json"},
        name="access_export_json",
    ),
    path(
        "privacy/requests/<int:pk>/export.pdf",
        views.access_export,
        {"fmt": "pdf"},
        name="access_export_pdf",
    ),
    path("notice/", views.notice_print, name="notice_print"),
    path("notice/<int:version>/", views.notice_print, name="notice_print_version"),
    path("files/<int:pk>/notes/check/", views_guard.check_note_text, name="check_note_text"),
    path("", include("lien.privacy.releases.urls")),
]
