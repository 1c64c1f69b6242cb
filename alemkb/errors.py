"""Error pages: JSON under /api/, the site's own pages elsewhere."""

from django.http import JsonResponse
from django.views import defaults


def is_api(request):
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return JsonResponse({"detail": "Server error. It has been logged."}, status=500)
    return defaults.server_error(request)
