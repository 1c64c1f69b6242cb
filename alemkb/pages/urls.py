from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("complications/<slug:slug>/", views.complication_detail, name="complication-detail"),
    path("citations/<int:pk>/", views.citation_detail, name="citation-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("search/", views.search_page, name="search"),
]
