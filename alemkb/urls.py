from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("alemkb.api.urls")),
    path("curate/", include("alemkb.curate.urls")),
    path("", include("alemkb.pages.urls")),
]

handler400 = "alemkb.errors.bad_request"
handler404 = "alemkb.errors.page_not_found"
handler500 = "alemkb.errors.server_error"
