from django.urls import path

from . import views

urlpatterns = [
    path("privacy/note-releases/", views.note_releases, name="note_releases"),
    path("privacy/note-releases/<int:pk>/", views.note_release, name="note_release"),
]
