from django.urls import path

from . import views

urlpatterns = [
    path("catalogue/documents/<str:kind>/", views.document, name="catalog_document"),
    path("catalogue/documents/<str:kind>.pdf", views.document_pdf, name="catalog_document_pdf"),
]
