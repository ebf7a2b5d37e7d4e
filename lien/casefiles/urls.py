from django.urls import path

from . import views

urlpatterns = [
    path("persons/search/", views.person_search, name="person_search"),
    path("files/<int:pk>/", views.casefile_detail, name="casefile_detail"),
]
