from django.urls import path

from . import (
    annual_report_views,
    grid_editor_views,
    paper_grid_views,
    prepared_files,
    statistics_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", statistics_views.grid_page, name="stats_grid"),
    path("statistics/export/<str:fmt>/", statistics_views.grid_export, name="stats_export"),
    path("exports/<int:pk>/", prepared_files.prepared_file_page, name="prepared_file"),
    path(
        "exports/<int:pk>/download/",
        prepared_files.prepared_file_download,
        name="prepared_file_download",
    ),
    path(
        "statistics/annual-report/",
        annual_report_views.annual_report_page,
        name="stats_annual_report",
    ),
    path("statistics/trends/", statistics_views.trends_page, name="stats_trends"),
    path("statistics/paper/", paper_grid_views.paper_grids_page, name="stats_paper_start"),
    path("statistics/grids/", grid_editor_views.grid_editor_page, name="stats_grid_editor"),
    path(
        "statistics/paper/<slug:grid_code>/<slug:office_code>/<int:year>/",
        paper_grid_views.paper_grid_page,
        name="stats_paper_grid",
    ),
    path(
        "statistics/paper/<slug:grid_code>/<slug:office_code>/<int:year>/withdraw/",
        paper_grid_views.paper_grid_withdraw,
        name="stats_paper_withdraw",
    ),
    path(
        "statistics/paper/<slug:grid_code>/<slug:office_code>/<int:year>/history/",
        paper_grid_views.paper_grid_history,
        name="stats_paper_history",
    ),
]
