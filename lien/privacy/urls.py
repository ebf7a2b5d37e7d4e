from django.urls import path

from . import views

urlpatterns = [
    path("files/<int:pk>/notice/", views.record_notice, name="record_notice"),
    path(
        "files/<int:pk>/statistics-opposition/",
        views.record_opposition,
        name="record_statistics_opposition",
    ),
    path("notice/", views.notice_print, name="notice_print"),
    path("notice/<int:version>/", views.notice_print, name="notice_print_version"),
]
