from django.urls import path

from . import views

urlpatterns = [
    path("files/<int:pk>/notes/check/", views.check_note_text, name="check_note_text"),
]
