from django.urls import path

from . import views, views_situation

urlpatterns = [
    path("persons/search/", views.person_search, name="person_search"),
    path("files/<int:pk>/", views.casefile_detail, name="casefile_detail"),
    path("files/<int:pk>/situation/", views_situation.situation_edit, name="situation_edit"),
]
