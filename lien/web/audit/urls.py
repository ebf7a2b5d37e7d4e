from django.urls import path

from . import views

urlpatterns = [
    path("audit/", views.audit_events, name="audit_events"),
    path("audit/dashboard/", views.dashboard, name="audit_dashboard"),
    path("audit/extract/", views.extract, name="audit_extract"),
]
