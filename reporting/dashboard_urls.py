from django.urls import path

from . import action_reminder_views, chart_views, dashboard_views, draft_views, report_views

app_name = "dashboard"
urlpatterns = [
    path("<str:region_code>/<int:year>/", dashboard_views.matrix, name="matrix"),
    path("<str:region_code>/<int:year>/matrix.xlsx", dashboard_views.matrix_xlsx, name="matrix_xlsx"),
    path("<str:region_code>/<int:year>/counties.xlsx", dashboard_views.counties_xlsx, name="counties_xlsx"),
    path("<str:region_code>/<int:year>/completeness/", dashboard_views.completeness, name="completeness"),
    path("<str:region_code>/<int:year>/completeness/remind/", dashboard_views.remind, name="remind"),
    path("<str:region_code>/<int:year>/completeness.xlsx", dashboard_views.completeness_xlsx, name="completeness_xlsx"),
    path("<str:region_code>/indicator/<str:code>/", chart_views.indicator, name="indicator"),
    path("<str:region_code>/<int:year>/report/", report_views.report, name="report"),
    path("<str:region_code>/<int:year>/report.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("<str:region_code>/<int:year>/report/draft/", draft_views.draft, name="report_draft"),
    path("<str:region_code>/<int:year>/report/draft/save/", draft_views.section_save, name="report_section_save"),
    path("<str:region_code>/<int:year>/report/draft/regenerate/", draft_views.section_regenerate,
         name="report_section_regenerate"),
    path("<str:region_code>/<int:year>/report.docx", draft_views.report_docx, name="report_docx"),
    path("<str:region_code>/<int:year>/actions/", dashboard_views.action_matrix_page, name="actions"),
    path("<str:region_code>/<int:year>/actions/remind/", action_reminder_views.actions_remind, name="actions_remind"),
    path("<str:region_code>/<int:year>/actions.xlsx", dashboard_views.action_matrix_xlsx, name="actions_xlsx"),
]
