from django.urls import path

from . import views

urlpatterns = [
    path("archive/", views.archive_files, name="archive_files"),
    path("archive/<int:pk>/", views.archive_open, name="archive_open"),
    path("archive/<int:pk>/legal-hold/", views.archive_legal_hold, name="archive_legal_hold"),
]
