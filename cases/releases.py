"""Citable data releases: every published table as CSV in a Frictionless Data Package.

`manage.py release` writes, into DOWNLOADS_DIR (served at /downloads/):

    alemkb-<version>/            datapackage.json, README.md and one CSV per table
    alemkb-<version>.zip         that folder, for one download
    alemkb-<version>.zip.sha256  the zip's checksum, as `sha256sum` prints it

The version names the content it was read from: `<date>-v<number>`, the UTC date of the last
change to the content and the content version number (curation.models.ContentVersion), e.g.
`2026-12-05-v42`. The number goes up with every change to curated content, drafts included, so
a later version may hold the same published rows; two releases of one version hold the same
rows, and a second one is refused unless forced.

Everything is read in one transaction (a single snapshot on PostgreSQL and SQLite alike) and
written into a hidden folder beside the release, then moved into place: a reader of
/downloads/ never sees half a release.
"""

import csv
import datetime
import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from complications.tables import TABLES as COMPLICATION_TABLES
from curation.models import ContentVersion

from .tables import TABLES as CASE_TABLES

PREFIX = "alemkb-"
NAME_PATTERN = re.compile(r"^alemkb-(?P<date>\d{4}-\d{2}-\d{2})-v(?P<number>\d+)$")
PACKAGE_FILE = "datapackage.json"
README_FILE = "README.md"
TITLE = "AlemKB: complications of alemtuzumab in multiple sclerosis"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_TEXT = (
    "The curated data (the tables, their statements, numbers, categories and links) are "
    "released under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): "
    "share and adapt them, giving credit as under “How to cite”. The `quote` columns are "
    "verbatim passages of the source documents, quoted to show what each row rests on; they "
    "remain their authors' and publishers' and are not relicensed. The source documents' own "
    "text is not part of a release."
)
# RFC 4180, as Python's csv module writes it; the Frictionless CSV Dialect says so.
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
FILE_TITLES = {
    PACKAGE_FILE: "Frictionless Data Package: every table's columns, keys and checksums",
    README_FILE: "How to cite, the licence, checksums and what every column means",
}
KEYWORDS = ["alemtuzumab", "Lemtrada", "multiple sclerosis", "adverse events", "case reports"]


class ReleaseExists(Exception):
    pass


def published_tables():
    """Every table a release holds, complications' first; names are file names, so unique."""
    tables = [*COMPLICATION_TABLES, *CASE_TABLES]
    names = [table.name for table in tables]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        raise ValueError(f"two published tables are named {', '.join(sorted(duplicated))}")
    return tables


def version_of(number, changed_at):
    """'2026-12-05-v42': the day of the last change (UTC), then the content version number."""
    return f"{changed_at.astimezone(datetime.UTC):%Y-%m-%d}-v{number}"


def citation_text(version, url=""):
    """How to cite one release, in words (the year is that of its content), with the address
    it is downloaded from when known."""
    year = version[:4]
    where = f" {url}" if url else ""
    return f"AlemKB contributors ({year}). {TITLE}, data release {version} [Data set].{where}"


def utc_text(moment):
    """'2026-12-05T22:47:07Z'."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@dataclass
class Written:
    """A table written to CSV: what datapackage.json and README.md say about it."""

    table: object
    path: Path
    rows: int
    bytes: int
    sha256: str

    def resource(self):
        schema = {**self.table.frictionless_schema(), "missingValues": [""]}
        return {
            "name": self.table.name,
            "path": self.path.name,
            "profile": "tabular-data-resource",
            "title": self.table.title,
            "description": self.table.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": self.bytes,
            "hash": f"sha256:{self.sha256}",
            "dialect": DIALECT,
            "schema": schema,
        }


def write_table(table, folder):
    path = folder / f"{table.name}.csv"
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator=DIALECT["lineTerminator"])
        writer.writerow(table.header)
        for row in table.all_rows():
            writer.writerow([csv_value(value) for value in row])
            rows += 1
    return Written(table, path, rows, path.stat().st_size, sha256_of(path))


@contextmanager
def one_snapshot():
    """Every read sees the same state of the database, whatever is published meanwhile."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # SQLite holds its snapshot from the first read of a transaction to its end.
        yield


def content_state(now):
    """(number, time of the last change) of the content; (0, now) before any change."""
    row = ContentVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    return row if row else (0, now)


def package_descriptor(version, number, changed_at, created, written):
    description = (
        f"Every published table of AlemKB, a knowledge base of the complications of "
        f"alemtuzumab, read from content version {number}. Each statement, course statement "
        "and reported patient carries the verbatim quote it rests on and the slug of the source "
        "document it is taken from, quoted for provenance. "
        f"How to cite: {citation_text(version)} Licence: {LICENCE_TEXT}"
    )
    return {
        "profile": "tabular-data-package",
        "name": "alemkb",
        "title": TITLE,
        "description": description,
        "version": version,
        "created": utc_text(created),
        "keywords": KEYWORDS,
        "licenses": [LICENCE],
        "contributors": [{"title": "AlemKB editors and reviewers", "role": "author"}],
        "contentVersion": number,
        "contentChangedAt": utc_text(changed_at),
        "resources": [table.resource() for table in written],
    }


def markdown_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def readme(version, number, changed_at, created, written, package_sha256):
    lines = [
        f"# AlemKB data release {version}",
        "",
        f"{TITLE}. Read from content version {number} (last changed "
        f"{changed_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC); written "
        f"{created.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC. Only published rows are "
        "included.",
        "",
        "## How to cite",
        "",
        citation_text(version),
        "",
        "Give the version: it names this content exactly. The checksums below (and in "
        "datapackage.json) let a reader check that they have the same files.",
        "",
        "## Licence",
        "",
        LICENCE_TEXT,
        "",
        "## Files",
        "",
        f"`{PACKAGE_FILE}` is a Frictionless Data Package (https://specs.frictionlessdata.io/): "
        "it describes every table, its columns, keys and checksums. Validate the release with "
        f"`frictionless validate {PACKAGE_FILE}`.",
        "",
        "| file | rows | bytes | SHA-256 |",
        "| --- | ---: | ---: | --- |",
        *[f"| {w.path.name} | {w.rows} | {w.bytes} | {w.sha256} |" for w in written],
        f"| {PACKAGE_FILE} | | | {package_sha256} |",
        "",
        "## Tables",
    ]
    for w in written:
        lines += [
            "",
            f"### {w.table.title} (`{w.path.name}`)",
            "",
            w.table.description,
            "",
            "| column | type | meaning | allowed values |",
            "| --- | --- | --- | --- |",
        ]
        for column in w.table.columns:
            required = " Never empty." if column.required else ""
            allowed = ", ".join(column.allowed)
            lines.append(
                f"| {column.name} | {column.type} | "
                f"{markdown_cell(column.description + required)} | {markdown_cell(allowed)} |"
            )
    return "\n".join(lines) + "\n"


def write_zip(folder, zip_path):
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{folder.name}/{path.name}")


@dataclass
class Release:
    version: str
    folder: Path
    zip_path: Path


def make_release(downloads_dir, force=False, now=None):
    """Write the release of the current content into `downloads_dir`; refuse to replace one
    of the same version unless `force`."""
    downloads_dir = Path(downloads_dir)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    created = now or timezone.now()
    with one_snapshot():
        number, changed_at = content_state(created)
        version = version_of(number, changed_at)
        name = f"{PREFIX}{version}"
        target = downloads_dir / name
        if target.exists() and not force:
            raise ReleaseExists(f"{target} exists already; --force replaces it.")
        # Beside the release, so that moving it into place is a rename on one file system.
        work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=downloads_dir))
        try:
            folder = work / name
            folder.mkdir()
            written = [write_table(table, folder) for table in published_tables()]
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    try:
        package = folder / PACKAGE_FILE
        descriptor = package_descriptor(version, number, changed_at, created, written)
        package.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
        text = readme(version, number, changed_at, created, written, sha256_of(package))
        (folder / README_FILE).write_text(text, "utf-8")
        zip_path = work / f"{name}.zip"
        write_zip(folder, zip_path)
        checksum = work / f"{name}.zip.sha256"
        checksum.write_text(f"{sha256_of(zip_path)}  {zip_path.name}\n", "utf-8")
        move_into_place(folder, target, work, force)
        for path in (zip_path, checksum):
            os.replace(path, downloads_dir / path.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Release(version, target, downloads_dir / f"{name}.zip")


def move_into_place(folder, target, work, force):
    """Move `folder` to `target`; an existing release there is moved aside first if `force`
    (and deleted with `work`), refused otherwise."""
    if target.exists():
        if not force:
            raise ReleaseExists(f"{target} was written meanwhile; --force replaces it.")
        os.rename(target, work / "replaced")
    # A rename onto an existing, non-empty folder fails: two releases at once cannot mix.
    os.rename(folder, target)


# Reading the releases back, for /downloads/.


@dataclass
class ReleaseFile:
    name: str
    bytes: int
    title: str = ""


@dataclass
class ReleaseOnDisk:
    name: str
    version: str
    number: int
    date: datetime.date
    created: str
    folder: Path
    files: list = field(default_factory=list)  # ReleaseFile, tables first
    zip: ReleaseFile | None = None
    zip_sha256: str = ""

    @property
    def bytes(self):
        return self.zip.bytes if self.zip else sum(f.bytes for f in self.files)

    def citation(self, url=""):
        return citation_text(self.version, url)


def read_release(downloads_dir, name):
    """The release `name` in `downloads_dir`, or None when there is none by that name."""
    match = NAME_PATTERN.match(name)
    folder = Path(downloads_dir) / name
    package = folder / PACKAGE_FILE
    if not match or folder.is_symlink() or not package.is_file():
        return None
    try:
        descriptor = json.loads(package.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    resources = descriptor.get("resources", [])
    titles = {
        r["path"]: str(r.get("title", ""))
        for r in resources
        if isinstance(r, dict) and isinstance(r.get("path"), str)
    }
    # Only the files the package names, and only as plain files: nothing else put there.
    listed = [*titles, PACKAGE_FILE, README_FILE]
    on_disk = {entry.name: entry for entry in os.scandir(folder) if is_plain_file(entry)}
    ordered = [name for name in dict.fromkeys(listed) if name in on_disk]
    release = ReleaseOnDisk(
        name=name,
        version=name.removeprefix(PREFIX),
        number=int(match["number"]),
        date=datetime.date.fromisoformat(match["date"]),
        created=descriptor.get("created", ""),
        folder=folder,
        files=[
            ReleaseFile(n, on_disk[n].stat().st_size, titles.get(n) or FILE_TITLES.get(n, ""))
            for n in ordered
        ],
    )
    zip_path = Path(downloads_dir) / f"{name}.zip"
    if zip_path.is_file() and not zip_path.is_symlink():
        release.zip = ReleaseFile(zip_path.name, zip_path.stat().st_size)
        checksum = Path(downloads_dir) / f"{name}.zip.sha256"
        if checksum.is_file():
            release.zip_sha256 = checksum.read_text("utf-8").split(" ", 1)[0].strip()
    return release


def is_plain_file(entry):
    return entry.is_file(follow_symlinks=False) and not entry.name.startswith(".")


def releases_in(downloads_dir):
    """Every release in `downloads_dir`, newest first (the content version only goes up)."""
    downloads_dir = Path(downloads_dir)
    if not downloads_dir.is_dir():
        return []
    found = [read_release(downloads_dir, entry.name) for entry in os.scandir(downloads_dir)]
    return sorted(
        (release for release in found if release),
        key=lambda release: (release.number, release.date),
        reverse=True,
    )


def release_file(downloads_dir, release_name, file_name):
    """The path of a file of a release, only if the release lists it; None otherwise."""
    release = read_release(downloads_dir, release_name)
    if release is None or file_name not in {f.name for f in release.files}:
        return None
    return release.folder / file_name


def top_level_file(downloads_dir, file_name):
    """The path of a release's zip or its checksum, only if that release exists."""
    for suffix in (".zip", ".zip.sha256"):
        name = file_name.removesuffix(suffix)
        if file_name.endswith(suffix) and NAME_PATTERN.match(name):
            path = Path(downloads_dir) / file_name
            if read_release(downloads_dir, name) and path.is_file() and not path.is_symlink():
                return path
    return None
