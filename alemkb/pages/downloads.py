"""/downloads/: the citable data releases `manage.py release` writes (cases/releases.py).

Files are served only by the names a release lists on disk: a URL naming anything else (a
path outside the folder, a hidden work folder, a release that is not there) answers 404.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cases import releases

# Content type, and whether a browser should save the file rather than show it.
FILE_TYPES = {
    ".csv": ("text/csv; charset=utf-8", True),
    ".zip": ("application/zip", True),
    ".json": ("application/json", False),
    ".md": ("text/markdown; charset=utf-8", False),
    ".sha256": ("text/plain; charset=utf-8", False),
}


@require_safe
def downloads(request):
    found = releases.releases_in(settings.DOWNLOADS_DIR)
    for release in found:
        zip_url = reverse("download-file", kwargs={"name": f"{release.name}.zip"})
        release.cite = release.citation(request.build_absolute_uri(zip_url))
    context = {"releases": found, "latest": found[0] if found else None}
    return render(request, "pages/downloads.html", context)


def file_response(path):
    if path is None:
        raise Http404("No such file in the downloads.")
    content_type, attachment = FILE_TYPES.get(path.suffix, ("application/octet-stream", True))
    return FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=attachment,
        filename=path.name,
        content_type=content_type,
    )


@require_safe
def download_file(request, name):
    """A release's zip or its checksum."""
    return file_response(releases.top_level_file(settings.DOWNLOADS_DIR, name))


@require_safe
def release_file(request, release, name):
    """One file of a release's folder: a CSV, datapackage.json or README.md."""
    return file_response(releases.release_file(settings.DOWNLOADS_DIR, release, name))
