"""/api/v1/complications/: every section with its evidence, numbers as numbers, filters."""

import pytest

from ..factories import make_citation, make_complication, make_patient, make_statement

pytestmark = pytest.mark.django_db

URL = "/api/v1/complications/"


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


@pytest.fixture
def dah_and_thyroid():
    dah = make_complication(
        slug="dah", name="Diffuse alveolar haemorrhage", category="haemorrhagic_vascular"
    )
    thyroid = make_complication(
        slug="thyroid-disease", name="Thyroid disease", category="autoimmune"
    )
    make_statement(complication=dah, section="onset", onset_min=1, onset_max=4, onset_unit="days")
    make_statement(complication=thyroid, section="onset", onset_min=1, onset_unit="months")
    make_statement(
        complication=thyroid,
        section="incidence",
        frequency_low=30,
        frequency_high=30,
        frequency_per=100,
        approximate=True,
        text="About a third of patients.",
    )
    return dah, thyroid


def test_the_list_gives_incidence_and_onset_as_numbers_and_text(api, dah_and_thyroid):
    rows = {row["slug"]: row for row in api.get(URL).json()["results"]}
    [incidence] = rows["thyroid-disease"]["incidence"]
    assert incidence["frequency"] == {
        "low": "30.000",
        "high": "30.000",
        "per": 100,
        "approximate": True,
        "text": "about 30%",
    }
    [onset] = rows["dah"]["onset"]
    assert onset["onset"]["min_days"] == 1.0 and onset["onset"]["max_days"] == 4.0
    assert onset["onset"]["text"] == "days 1–4 of the course"
    assert onset["onset"]["anchor"] == "course_start"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("category=autoimmune", ["thyroid-disease"]),
        ("onset_within_days=7", ["dah"]),
        ("onset_within_days=60", ["dah", "thyroid-disease"]),
        ("q=alveolar", ["dah"]),
        ("q=third", ["thyroid-disease"]),
    ],
)
def test_each_filter_selects_the_matching_complications(api, dah_and_thyroid, query, expected):
    assert slugs(api.get(f"{URL}?{query}")) == expected


def test_the_detail_has_every_section_its_evidence_cases_and_citations(api):
    complication = make_complication(slug="hlh")
    citation = make_citation(title="HLH in two patients")
    make_statement(
        complication=complication,
        section="management",
        citation=citation,
        evidence_kind="case_series",
        speculative=True,
    )
    make_patient(complication=complication)
    detail = api.get(f"{URL}hlh/").json()
    assert list(detail["sections"]) == [
        "summary",
        "incidence",
        "onset",
        "clinical_features",
        "monitoring",
        "management",
        "outcome",
        "retreatment",
        "mechanism",
    ]
    [statement] = detail["sections"]["management"]
    assert statement["evidence_kind"] == "case_series"
    assert statement["speculative"] is True
    assert statement["citation"]["title"] == "HLH in two patients"
    assert statement["quote"]
    assert detail["case_count"] == 1
    assert detail["cases"].endswith("/api/v1/cases/?complication=hlh")
    assert [c["title"] for c in detail["citations"]] == ["HLH in two patients"]


def test_draft_statements_and_complications_stay_hidden(api):
    complication = make_complication(slug="hlh")
    make_statement(complication=complication, status="draft", text="Unreviewed claim.")
    make_complication(slug="draft-thing", status="draft")
    assert slugs(api.get(URL)) == ["hlh"]
    assert "Unreviewed claim." not in api.get(f"{URL}hlh/").content.decode()
    assert api.get(f"{URL}draft-thing/").status_code == 404


def test_a_negative_onset_window_is_refused(api):
    response = api.get(f"{URL}?onset_within_days=-1")
    assert response.status_code == 400
    assert "onset_within_days" in response.json()["errors"]
