from django.urls import path

from . import cases, citations, downloads, views

urlpatterns = [
    path("", views.home, name="home"),
    path("complications/<slug:slug>/", views.complication_detail, name="complication-detail"),
    path("courses/", views.courses, name="courses"),
    path("about/", views.about, name="about"),
    path("time-since-course/", views.time_since, name="time-since"),
    path("citations/", citations.citation_list, name="citation-list"),
    path("citations/<int:pk>/", views.citation_detail, name="citation-detail"),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("reports/<slug:slug>/", cases.report_detail, name="report-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("search/", views.search_page, name="search"),
    path("downloads/", downloads.downloads, name="downloads"),
    path("downloads/<str:name>", downloads.download_file, name="download-file"),
    path(
        "downloads/<str:release>/<str:name>", downloads.release_file, name="download-release-file"
    ),
]
