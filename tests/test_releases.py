"""Citable data releases: `manage.py release` writes a Frictionless Data Package of every
published table, and /downloads/ lists and serves it."""

import csv
import datetime
import hashlib
import io
import json
import os
import zipfile

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from frictionless import validate

from alemkb.hot_pages import HOT_PAGES
from cases.releases import published_tables
from complications.models import CitationAuthor
from curation.models import ContentVersion

from .factories import (
    make_citation,
    make_complication,
    make_course_statement,
    make_intervention,
    make_patient,
    make_source,
    make_statement,
)
from .test_public_leaks import build as build_world_with_hidden_rows

pytestmark = pytest.mark.django_db


def release(output, **options):
    """Run the command; the folder of the release it wrote."""
    out = io.StringIO()
    call_command("release", output=output, stdout=out, **options)
    folders = releases_in(output)
    assert str(folders[-1]) in out.getvalue()
    return folders[-1]


def releases_in(output):
    """Release folders, oldest first (by content version number)."""
    folders = [p for p in output.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(folders, key=lambda p: int(p.name.rsplit("-v", 1)[1]))


def assert_valid(folder):
    report = validate(folder / "datapackage.json")
    errors = report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors


def package(folder):
    return json.loads((folder / "datapackage.json").read_text("utf-8"))


def rows(folder, table):
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def build_small_world():
    source = make_source()
    citation = make_citation(doi="10.1000/xyz123", authors_truncated=True)
    CitationAuthor.objects.create(citation=citation, position=1, family="Zhao", given="Y")
    CitationAuthor.objects.create(citation=citation, position=2, family="Smith", given="JA")
    itp = make_complication(name="Immune thrombocytopenia", abbreviation="ITP", synonyms=["ITP"])
    rituximab = make_intervention("rituximab", brand_names=["MabThera", "Rituxan"])
    incidence = make_statement(
        itp,
        source,
        section="incidence",
        text='About 2–3%, "roughly", of patients;\nsee the label.',
        frequency_low=2,
        frequency_high=3,
        frequency_per=100,
        approximate=True,
        citation=citation,
    )
    incidence.interventions.add(rituximab)
    onset = make_statement(
        itp, source, section="onset", onset_min=1, onset_max=4, onset_unit="days"
    )
    onset.also_on.add(make_complication(name="Thyroid disease"))
    make_course_statement(
        source,
        course_number=2,
        infusion_days=3,
        daily_dose_mg=12,
        after_previous_value=12,
        after_previous_unit="months",
    ).interventions.add(rituximab)
    make_patient(complication=itp, treatments=[rituximab])
    return {"citation": citation, "incidence": incidence, "onset": onset}


# The package


def test_a_release_is_a_valid_frictionless_data_package_of_every_published_table(tmp_path):
    world = build_small_world()
    folder = release(tmp_path)
    assert_valid(folder)

    descriptor = package(folder)
    tables = published_tables()
    assert [r["name"] for r in descriptor["resources"]] == [t.name for t in tables]
    for resource, table in zip(descriptor["resources"], tables, strict=True):
        assert resource["path"] == f"{table.name}.csv"
        assert resource["mediatype"] == "text/csv"
        assert resource["encoding"] == "utf-8"
        assert resource["schema"]["fields"] == table.frictionless_schema()["fields"]
        with open(folder / resource["path"], encoding="utf-8", newline="") as file:
            assert next(csv.reader(file)) == table.header
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "How to cite" in descriptor["description"]

    statement = {r["id"]: r for r in rows(folder, "statements")}[str(world["incidence"].pk)]
    assert statement["text"] == 'About 2–3%, "roughly", of patients;\nsee the label.'
    assert (statement["frequency_low"], statement["frequency_high"]) == ("2.0", "3.0")
    assert (statement["frequency_per"], statement["approximate"]) == ("100", "true")
    assert statement["drugs"] == "rituximab"
    assert statement["citation_id"] == str(world["citation"].pk)
    assert statement["quote"] == "developed the complication"
    onset = {r["id"]: r for r in rows(folder, "statements")}[str(world["onset"].pk)]
    assert onset["onset_text"] == "days 1–4 of the course"
    assert onset["also_on"] == world["onset"].also_on.get().slug
    citation = {r["id"]: r for r in rows(folder, "citations")}[str(world["citation"].pk)]
    assert (citation["authors"], citation["authors_truncated"]) == ("Zhao Y; Smith JA", "true")
    assert citation["doi_url"] == "https://doi.org/10.1000/xyz123"
    (drug,) = rows(folder, "drugs")
    assert drug["brand_names"] == "MabThera; Rituxan"
    (course,) = rows(folder, "course-statements")
    assert (course["daily_dose_mg"], course["after_previous_unit"]) == ("12.0", "months")
    assert "text" not in rows(folder, "source-documents")[0]  # described, not reproduced


def test_an_empty_knowledge_base_makes_a_valid_release_too(tmp_path):
    folder = release(tmp_path)
    assert_valid(folder)
    for resource in package(folder)["resources"]:
        assert (folder / resource["path"]).read_bytes().count(b"\r\n") == 1  # the header


def test_the_version_names_the_day_and_number_of_the_content_it_was_read_from(tmp_path):
    make_statement()
    changed = datetime.datetime(2026, 12, 5, 23, 30, tzinfo=datetime.UTC)
    ContentVersion.objects.filter(pk=1).update(number=42, changed_at=changed)

    folder = release(tmp_path)

    assert folder.name == "alemkb-2026-12-05-v42"
    descriptor = package(folder)
    assert descriptor["version"] == "2026-12-05-v42"
    assert descriptor["contentVersion"] == 42
    created = datetime.datetime.fromisoformat(descriptor["created"].replace("Z", "+00:00"))
    assert abs(created - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=5)
    assert (tmp_path / "alemkb-2026-12-05-v42.zip").is_file()
    readme = (folder / "README.md").read_text("utf-8")
    assert "AlemKB contributors (2026)" in readme
    assert "data release 2026-12-05-v42" in readme


def test_every_file_s_checksum_and_size_are_those_the_package_and_readme_state(tmp_path):
    build_small_world()
    folder = release(tmp_path)

    readme = (folder / "README.md").read_text("utf-8")
    for resource in package(folder)["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        assert resource["bytes"] == len(data)
        assert hashlib.sha256(data).hexdigest() in readme
    package_digest = hashlib.sha256((folder / "datapackage.json").read_bytes()).hexdigest()
    assert f"| datapackage.json | | | {package_digest} |" in readme

    zip_path = tmp_path / f"{folder.name}.zip"
    digest, name = (tmp_path / f"{folder.name}.zip.sha256").read_text().split()
    assert (digest, name) == (hashlib.sha256(zip_path.read_bytes()).hexdigest(), zip_path.name)
    with zipfile.ZipFile(zip_path) as archive:
        files = sorted(p.name for p in folder.iterdir())
        assert archive.namelist() == [f"{folder.name}/{f}" for f in files]
        for file in files:
            assert archive.read(f"{folder.name}/{file}") == (folder / file).read_bytes()


def test_a_file_changed_after_the_release_fails_validation_on_its_checksum(tmp_path):
    build_small_world()
    folder = release(tmp_path)
    path = folder / "complications.csv"
    path.write_bytes(path.read_bytes().replace(b"Immune", b"Immuna"))

    report = validate(folder / "datapackage.json")

    assert not report.valid
    assert [error[0] for error in report.flatten(["type"])] == ["hash-count"]


def test_nothing_unpublished_is_in_any_file_of_a_release(tmp_path):
    world, markers = build_world_with_hidden_rows()
    folder = release(tmp_path)
    # Foreign keys hold: no published row points at a row left out of the release.
    assert_valid(folder)

    texts = {path.name: path.read_text("utf-8").lower() for path in folder.iterdir()}
    with zipfile.ZipFile(tmp_path / f"{folder.name}.zip") as archive:
        texts["zip"] = " ".join(archive.read(n).decode().lower() for n in archive.namelist())
    shown = {
        what: [name for name, text in texts.items() if marker in text]
        for marker, what in markers.items()
    }
    assert {what: files for what, files in shown.items() if files} == {}
    # …while the published rows are there.
    assert world.statement.text.lower() in texts["statements.csv"]
    assert world.complication.name.lower() in texts["complications.csv"]


def test_a_release_of_the_same_version_is_refused_unless_forced(tmp_path):
    make_statement(text="First wording.")
    folder = release(tmp_path)
    first = (folder / "statements.csv").read_bytes()

    with pytest.raises(CommandError, match="--force"):
        release(tmp_path)
    assert (folder / "statements.csv").read_bytes() == first

    # The same version (the content number has not moved), written again with --force.
    release(tmp_path, force=True)
    assert releases_in(tmp_path) == [folder]
    assert_valid(folder)
    # No work folder is left behind, either way.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [folder.name, f"{folder.name}.zip", f"{folder.name}.zip.sha256"]
    )


def test_a_change_to_the_content_makes_a_new_release_beside_the_old_one(tmp_path):
    make_statement(text="First wording.")
    first = release(tmp_path)
    make_statement(text="A second statement.")
    second = release(tmp_path)

    assert first != second
    assert "A second statement." not in (first / "statements.csv").read_text("utf-8")
    assert "A second statement." in (second / "statements.csv").read_text("utf-8")


def test_the_release_is_written_into_downloads_dir_by_default(tmp_path, settings):
    settings.DOWNLOADS_DIR = tmp_path / "downloads"
    call_command("release", stdout=io.StringIO())
    assert len(releases_in(settings.DOWNLOADS_DIR)) == 1


# /downloads/


@pytest.fixture
def downloads(tmp_path, settings):
    settings.DOWNLOADS_DIR = tmp_path
    return tmp_path


def page(client, url="/downloads/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_downloads_page_says_no_release_has_been_made_and_how_to_make_one(client, downloads):
    text = page(client)
    assert "No release has been made yet" in text
    assert "manage.py release" in text


def test_the_downloads_page_does_not_need_the_folder_to_exist(client, settings, tmp_path):
    settings.DOWNLOADS_DIR = tmp_path / "never-made"
    assert "No release has been made yet" in page(client)


def test_the_downloads_page_lists_releases_newest_first_with_their_files_and_citation(
    client, downloads
):
    make_statement()
    old = release(downloads)
    make_statement()
    new = release(downloads)
    # A work folder of a release being written, and stray files, are not releases.
    (downloads / ".alemkb-2030-01-01-v9-abc").mkdir()
    (downloads / "notes.txt").write_text("not a release")

    text = page(client)

    assert text.index(f"Release {new.name[7:]}") < text.index(f"Release {old.name[7:]}")
    assert ".alemkb-2030" not in text and "notes.txt" not in text
    for file in ("datapackage.json", "README.md", "statements.csv", "complications.csv"):
        assert f'href="/downloads/{new.name}/{file}"' in text
    assert f'href="/downloads/{new.name}.zip"' in text
    assert hashlib.sha256((downloads / f"{new.name}.zip").read_bytes()).hexdigest() in text
    assert "How to cite" in text
    assert f"data release {new.name[7:]} [Data set]" in text
    assert f"http://testserver/downloads/{new.name}.zip" in text
    assert "CC BY 4.0" in text


def test_release_files_are_served_with_their_content_types(client, downloads):
    build_small_world()
    folder = release(downloads)
    served = {
        f"/downloads/{folder.name}/statements.csv": ("text/csv; charset=utf-8", "attachment"),
        f"/downloads/{folder.name}/datapackage.json": ("application/json", "inline"),
        f"/downloads/{folder.name}/README.md": ("text/markdown; charset=utf-8", "inline"),
        f"/downloads/{folder.name}.zip": ("application/zip", "attachment"),
        f"/downloads/{folder.name}.zip.sha256": ("text/plain; charset=utf-8", "inline"),
    }
    for url, (content_type, disposition) in served.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type, url
        name = url.rsplit("/", 1)[1]
        assert response["Content-Disposition"] == f'{disposition}; filename="{name}"', url
        on_disk = downloads / url.removeprefix("/downloads/")
        assert b"".join(response.streaming_content) == on_disk.read_bytes(), url


def test_only_get_and_head_are_answered(client, downloads):
    folder = release(downloads)
    for url in ("/downloads/", f"/downloads/{folder.name}/datapackage.json"):
        assert client.head(url).status_code == 200
        assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/downloads/../settings.py",
        "/downloads/%2e%2e/settings.py",
        "/downloads/..%2fsettings.py",
        "/downloads/%2e%2e%2f%2e%2e%2fmanage.py",
        "/downloads/{release}/../../manage.py",
        "/downloads/{release}/..%2f..%2fmanage.py",
        "/downloads/{release}/%2e%2e%2f%2e%2e%2falemkb%2fsettings.py",
        "/downloads/{release}/.",
        "/downloads/{release}/stray.txt",
        "/downloads/{release}/linked.csv",
        "/downloads/{release}/statements.csv%00.txt",
        "/downloads/notes.txt",
        "/downloads/{release}",
        "/downloads/alemkb-2020-01-01-v1.zip",
        "/downloads/alemkb-2020-01-01-v1/datapackage.json",
        "/downloads/.work/datapackage.json",
    ],
)
def test_a_path_outside_what_a_release_lists_answers_404(client, downloads, url):
    folder = release(downloads)
    # Files put there by hand are not part of the release, nor is a link out of it.
    (folder / "stray.txt").write_text("not listed")
    (downloads / "notes.txt").write_text("not listed")
    os.symlink(downloads.parent, folder / "linked.csv")
    (downloads / ".work").mkdir()
    (downloads / ".work" / "datapackage.json").write_text("{}")

    assert client.get(url.format(release=folder.name)).status_code == 404


def test_a_table_file_replaced_by_a_link_is_not_served(client, downloads, tmp_path_factory):
    folder = release(downloads)
    outside = tmp_path_factory.mktemp("outside") / "secret.csv"
    outside.write_text("secret")
    (folder / "drugs.csv").unlink()
    os.symlink(outside, folder / "drugs.csv")

    assert client.get(f"/downloads/{folder.name}/drugs.csv").status_code == 404
    assert f"/downloads/{folder.name}/drugs.csv" not in page(client)


def test_a_release_made_after_the_page_was_read_shows_at_once_with_the_page_cache_on(
    client, downloads, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    HOT_PAGES.clear()
    assert "No release has been made yet" in page(client)
    folder = release(downloads)
    assert folder.name in page(client)
