from django.urls import path

from . import views

urlpatterns = [
    path("catalogue/", views.catalog_home, name="catalog_home"),
    path("catalogue/items/", views.item_list, name="catalog_items"),
    path("catalogue/items/<int:pk>/", views.item_detail, name="catalog_item"),
    path("catalogue/approvals/", views.approvals, name="catalog_approvals"),
    path("catalogue/approvals/<int:pk>/approve/", views.approve, name="catalog_approve"),
    path("catalogue/approvals/<int:pk>/refuse/", views.refuse, name="catalog_refuse"),
    path("catalogue/usage/", views.usage, name="catalog_usage"),
    path("catalogue/versions/", views.versions, name="catalog_versions"),
    path("catalogue/versions/<int:number>/", views.version_diff, name="catalog_version_diff"),
    path("catalogue/import/", views.import_view, name="catalog_import"),
    path("catalogue/export.<str:fmt>", views.export, name="catalog_export"),
]
