from django.urls import path

from . import views

urlpatterns = [
    path("notes/<int:pk>/share/", views.share_note, name="share_note"),
    path("notes/shares/<int:pk>/revoke/", views.revoke_note_share, name="revoke_note_share"),
    path("offices/departed-notes/", views.departed_notes, name="departed_notes"),
    path("offices/departed-notes/hand-over/", views.hand_over_notes, name="hand_over_notes"),
]
