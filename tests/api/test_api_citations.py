"""/api/v1/citations/: filters, and exports that reference managers read back."""

import csv
import io
import json

import bibtexparser
import pytest
import rispy
from citeproc.source.json import CiteProcJSON

from complications.models import CitationAuthor

from ..factories import make_citation, make_complication, make_report, make_statement

pytestmark = pytest.mark.django_db

URL = "/api/v1/citations/"


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


@pytest.fixture
def saarela():
    citation = make_citation(
        slug="saarela-2018",
        kind="case_series",
        title="Hemophagocytic lymphohistiocytosis in 2 patients",
        journal="Neurology",
        year=2018,
        volume="90",
        issue="18",
        pages="849-851",
        doi="10.1212/WNL.0000000000004950",
        pmid="90000001",
        authors_truncated=True,
    )
    CitationAuthor.objects.create(citation=citation, position=1, family="Saarela", given="M")
    CitationAuthor.objects.create(citation=citation, position=2, family="Senthil", given="K")
    return citation


@pytest.mark.parametrize(
    "query, expected",
    [
        ("year=2018", ["saarela-2018"]),
        ("year_min=2019", ["zhao-2025"]),
        ("year_max=2018", ["saarela-2018"]),
        ("kind=case_report", ["zhao-2025"]),
        ("doi=10.1212/wnl.0000000000004950", ["saarela-2018"]),
        ("pmid=90000001", ["saarela-2018"]),
        ("q=senthil", ["saarela-2018"]),
        ("q=retreatment journal", ["zhao-2025"]),
        ("complication=hlh", ["saarela-2018"]),
        ("complication=dah", ["zhao-2025"]),
    ],
)
def test_each_filter_selects_the_matching_citations(api, saarela, query, expected):
    zhao = make_citation(
        slug="zhao-2025", title="Retreatment after DAH", journal="MS Journal", year=2025
    )
    make_statement(complication=make_complication(slug="hlh"), citation=saarela)
    report = make_report(citation=zhao)
    report.complications.add(make_complication(slug="dah"))
    assert slugs(api.get(f"{URL}?{query}")) == expected


def test_the_detail_says_where_it_is_discussed_and_what_it_supports(api, saarela):
    make_statement(complication=make_complication(slug="hlh"), citation=saarela)
    detail = api.get(f"{URL}{saarela.pk}/").json()
    assert [a["family"] for a in detail["authors"]] == ["Saarela", "Senthil"]
    assert detail["complications"] == ["hlh"]
    assert detail["cases"].endswith(f"/api/v1/cases/?citation={saarela.pk}")
    assert detail["doi_url"] == "https://doi.org/10.1212/WNL.0000000000004950"


def test_ris_is_read_back_by_rispy(api, saarela):
    response = api.get(f"{URL}{saarela.pk}/?format=ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    [entry] = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "JOUR"
    assert entry["authors"] == ["Saarela, M.", "Senthil, K.", "et al."]
    assert (entry["start_page"], entry["end_page"]) == ("849", "851")
    assert entry["doi"] == "10.1212/WNL.0000000000004950"
    assert entry["year"] == "2018"


def test_bibtex_is_read_back_by_bibtexparser(api, saarela):
    response = api.get(f"{URL}{saarela.pk}/?format=bibtex")
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.key == "saarela-2018"
    assert entry["author"] == "Saarela, M. and Senthil, K. and others"
    assert entry["pages"] == "849--851"
    assert entry["doi"] == "10.1212/WNL.0000000000004950"


def test_csl_json_is_read_back_by_citeproc(api, saarela):
    response = api.get(f"{URL}{saarela.pk}/?format=csl")
    items = json.loads(response.content)
    source = CiteProcJSON(items)
    reference = source["saarela-2018"]
    assert str(reference.title) == saarela.title
    *people, et_al = reference.author
    assert [str(a.family) for a in people] == ["Saarela", "Senthil"]
    assert str(et_al.literal) == "et al."
    assert reference.issued["year"] == 2018


def test_any_filtered_list_exports_whole_in_each_format(api, saarela):
    for n in range(55):
        make_citation(slug=f"other-{n}", year=2001)
    ris = rispy.loads(api.get(f"{URL}?format=ris&year_max=2010").content.decode())
    assert len(ris) == 55
    bib = bibtexparser.parse_string(api.get(f"{URL}?format=bibtex&year=2018").content.decode())
    assert [e.key for e in bib.entries] == ["saarela-2018"]
    csl = json.loads(api.get(f"{URL}?format=csl").content)
    assert len(csl) == 56


@pytest.mark.parametrize(
    "accept, content_type",
    [
        ("application/x-research-info-systems", "application/x-research-info-systems"),
        ("application/x-bibtex", "application/x-bibtex"),
        ("application/vnd.citationstyles.csl+json", "application/vnd.citationstyles.csl+json"),
        ("text/csv", "text/csv"),
        ("application/json", "application/json"),
    ],
)
def test_the_format_is_also_chosen_by_the_accept_header(api, saarela, accept, content_type):
    response = api.get(URL, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type


def test_csv_lists_citations_with_their_authors_in_order(api, saarela):
    response = api.get(f"{URL}?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["authors"] == "Saarela M; Senthil K; et al."
    assert rows[0]["pages"] == "849-851"


def test_an_unknown_format_is_a_400_listing_the_formats(api):
    response = api.get(f"{URL}?format=docx")
    assert response.status_code == 400
    assert "bibtex" in response.json()["errors"]["format"][0]
