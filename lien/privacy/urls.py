from django.urls import path

from . import views

urlpatterns = [
    path("files/<int:pk>/notice/", views.record_notice, name="record_notice"),
    path("notice/", views.notice_print, name="notice_print"),
    path("notice/<int:version>/", views.notice_print, name="notice_print_version"),
]
