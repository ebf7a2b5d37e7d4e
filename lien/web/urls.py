from django.urls import path

from . import statistics_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", statistics_views.grid_page, name="stats_grid"),
    path("statistics/export/<str:fmt>/", statistics_views.grid_export, name="stats_export"),
    path("statistics/trends/", statistics_views.trends_page, name="stats_trends"),
    path("statistics/paper/", statistics_views.paper_grid_start, name="stats_paper_start"),
    path(
        "statistics/paper/<slug:grid_code>/<slug:office_code>/<int:year>/",
        statistics_views.paper_grid_page,
        name="stats_paper_grid",
    ),
]
