"""Importing citations from RIS, BibTeX and MEDLINE files: drafts, no duplicates, all or nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from complications.models import Citation
from curation.models import Status

from ..factories import make_citation, make_source

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


def upload(client, name, content=None, source=""):
    """Post the import form as a browser does: the file and the source document select."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = content if content is not None else (FILES / name).read_bytes()
    return client.post(
        "/admin/complications/citation/import/",
        {"file": SimpleUploadedFile(name, content), "source": source},
        follow=True,
    )


@pytest.mark.parametrize(
    "name, title, authors, doi, pmid",
    [
        (
            "two.ris",
            "A synthetic case report for the import tests",
            ["Testwriter", "Example"],
            "10.5555/alemkb.test.0001",
            "",
        ),
        (
            "one.bib",
            "A synthetic BibTeX record for the import tests",
            ["Bibwriter", "Mari"],
            "10.5555/alemkb.test.0002",
            "",
        ),
        (
            "one.nbib",
            "A synthetic MEDLINE record for the import tests, with a title that runs over "
            "two lines.",
            ["Medlinewriter", "Second"],
            "10.5555/alemkb.test.0003",
            "90000001",
        ),
    ],
)
def test_each_format_imports_as_drafts_with_authors_in_order(
    client_for, editor, name, title, authors, doi, pmid
):
    response = upload(client_for(editor), name)
    assert "imported as drafts" in response.content.decode()
    citation = Citation.objects.get(title=title)
    assert citation.status == Status.DRAFT
    assert [a.family for a in citation.authors.all()] == authors
    assert (citation.doi, citation.pmid) == (doi, pmid)
    assert citation.year in (2018, 2020)
    assert citation.revisions.get().history_user == editor  # the import is in the history too


def test_a_medline_file_named_txt_is_read_too(client_for, editor):
    upload(client_for(editor), "pubmed.txt", (FILES / "one.nbib").read_bytes())
    assert Citation.objects.filter(pmid="90000001").exists()


def test_citations_already_here_are_reported_and_left_exactly_as_reviewed(client_for, editor):
    curated = make_citation(doi="10.5555/alemkb.test.0001", title="Already curated")
    response = upload(client_for(editor), "two.ris")
    html = response.content.decode()
    assert "1 citation(s) imported" in html
    assert "Already here, not imported again" in html
    assert Citation.objects.filter(doi="10.5555/alemkb.test.0001").count() == 1
    assert Citation.objects.count() == 2
    again = Citation.objects.get(pk=curated.pk)
    assert (again.title, again.status, again.version) == ("Already curated", Status.PUBLISHED, 1)


def test_a_malformed_file_imports_nothing_and_says_why(client_for, editor):
    html = upload(client_for(editor), "broken.bib").content.decode()
    assert "Nothing was imported" in html and "malformed" in html
    assert not Citation.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.docx", b"whatever", "is not a RIS"),
        ("empty.ris", b"", "The submitted file is empty"),
        ("blank.ris", b"\n\n", "no citation"),
        ("latin1.ris", "TY  - JOUR\nTI  - Caf\xe9\nER  - \n".encode("latin-1"), "not UTF-8"),
        ("bad.nbib", b"XX  - nothing useful\n", "no PMID and no title"),
    ],
)
def test_files_that_are_not_citations_are_refused(client_for, editor, name, content, message):
    html = upload(client_for(editor), name, content).content.decode()
    assert message in html and not Citation.objects.exists()


def test_a_record_that_fails_validation_rolls_back_the_whole_file(client_for, editor):
    content = (FILES / "two.ris").read_bytes().replace(b"10.5555/alemkb.test.0001", b"not-a-doi")
    html = upload(client_for(editor), "two.ris", content).content.decode()
    assert "Nothing was imported" in html and "Enter a DOI" in html
    assert not Citation.objects.exists()


def test_the_command_imports_the_same_way(editor):
    out = StringIO()
    call_command("import_citations", str(FILES / "one.bib"), "--user", "edna", stdout=out)
    assert "1 imported, 0 already here" in out.getvalue()
    assert Citation.objects.get().revisions.get().history_user == editor
    call_command("import_citations", str(FILES / "one.bib"), stdout=out)
    assert "0 imported, 1 already here" in out.getvalue()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_citations", str(FILES / "broken.bib"))
    assert Citation.objects.count() == 1


def test_only_users_who_may_add_citations_can_import(client):
    from django.contrib.auth.models import User

    user = User.objects.create_user("visitor", password="x" * 20, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/complications/citation/import/").status_code == 403


def test_medline_publication_types_become_citation_kinds_and_full_names_are_kept(
    client_for, editor
):
    upload(client_for(editor), "typed.nbib")
    kinds = dict(Citation.objects.filter(pmid__startswith="900000").values_list("pmid", "kind"))
    # A case report that also reviews the literature is a case report; a letter says too
    # little, and is left for the editor.
    assert kinds == {
        "90000011": "case_report",
        "90000012": "randomised_trial",
        "90000013": "other",
    }
    reviewed = Citation.objects.get(pmid="90000011")
    assert [(a.family, a.given) for a in reviewed.authors.all()] == [
        ("Testperson", "Alma Zoe"),
        ("Example-Writer", "Georg"),
    ]
    assert [a.given for a in Citation.objects.get(pmid="90000012").authors.all()] == ["T"]


def test_the_pmid_in_a_pubmed_ris_files_accession_number_is_kept(client_for, editor):
    upload(client_for(editor), "pubmed.ris")
    citation = Citation.objects.get(doi="10.5555/alemkb.test.0021")
    assert citation.pmid == "90000021"
    assert [(a.family, a.given) for a in citation.authors.all()] == [("Risperson", "Ada B.")]


def test_an_import_attached_to_a_source_document_makes_it_the_citations_full_text(
    client_for, editor
):
    source = make_source(title="A synthetic source document")
    form = client_for(editor).get("/admin/complications/citation/import/").content.decode()
    assert 'name="source"' in form and "A synthetic source document" in form
    upload(client_for(editor), "pubmed.ris", source=str(source.pk))
    assert Citation.objects.get(pmid="90000021").full_text == source


def test_a_file_of_several_records_cannot_be_attached_to_one_source_document(client_for, editor):
    source = make_source()
    response = upload(client_for(editor), "two.ris", source=str(source.pk))
    assert "holds that one publication; this one holds 2" in response.content.decode()
    assert not Citation.objects.filter(title__startswith="A synthetic case report").exists()


def test_the_command_attaches_to_a_source_document_named_by_its_slug(editor):
    source = make_source(slug="synthetic-source")
    call_command(
        "import_citations",
        str(FILES / "pubmed.ris"),
        "--source",
        "synthetic-source",
        stdout=StringIO(),
    )
    assert Citation.objects.get(pmid="90000021").full_text == source
    with pytest.raises(CommandError, match="No source document 'nowhere'"):
        call_command("import_citations", str(FILES / "pubmed.ris"), "--source", "nowhere")
