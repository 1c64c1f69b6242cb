from django.urls import path

from . import views

urlpatterns = [
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("reports/<slug:slug>/", views.report_detail, name="report-detail"),
]
