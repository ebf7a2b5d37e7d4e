from django.urls import path

from . import views

urlpatterns = [
    path("emergency-access/", views.break_glass, name="break_glass"),
]
