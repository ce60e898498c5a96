from django.urls import include, path

from . import action_views, dashboard_views

app_name = "dashboard"
urlpatterns = [
    path("<str:region_code>/<int:year>/", dashboard_views.matrix, name="matrix"),
    path("<str:region_code>/<int:year>/matrix.xlsx", dashboard_views.matrix_xlsx, name="matrix_xlsx"),
    path("<str:region_code>/<int:year>/counties.xlsx", dashboard_views.counties_xlsx, name="counties_xlsx"),
    path("<str:region_code>/<int:year>/completeness/", dashboard_views.completeness, name="completeness"),
    path("<str:region_code>/<int:year>/completeness.xlsx", dashboard_views.completeness_xlsx, name="completeness_xlsx"),
    path("<str:region_code>/<int:year>/actions/", action_views.action_dashboard, name="actions"),
    path("<str:region_code>/<int:year>/actions.xlsx", action_views.action_dashboard_xlsx, name="actions_xlsx"),
    path("", include("reporting.chart_urls")),
    path("", include("reporting.report_urls")),
]
