from django.urls import path

from . import views

app_name = "curate"

urlpatterns = [
    path("", views.index, name="index"),
    path("sources/<slug:slug>/", views.source, name="source"),
    path("sources/<slug:slug>/case-report/", views.new_case_report, name="new-case-report"),
    path("sources/<slug:slug>/new/<slug:kind>/", views.new_from_passage, name="new-from-passage"),
    path("reports/<int:pk>/add-patient/", views.add_patient, name="add-patient"),
    path("patients/<int:pk>/", views.edit_case_report, name="edit-case-report"),
    path(
        "quotes/<str:label>/<int:pk>/<slug:field>/",
        views.reselect_quote,
        name="reselect-quote",
    ),
    path("changes/", views.change_set_list, name="change-sets"),
    path("changes/<int:pk>/", views.change_set_detail, name="change-set"),
]
