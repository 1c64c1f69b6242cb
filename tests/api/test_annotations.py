"""annotations/: every public quote as a W3C Web Annotation, valid JSON-LD, paged over models."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyld import jsonld

from complications.models import Statement
from curation.anchoring import keep, position_key
from curation.models import QuoteAnchor, Status

from ..curated_world import make_world
from ..factories import (
    make_course_statement,
    make_intervention,
    make_patient,
    make_report,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/annotations/"
ANNO = "http://www.w3.org/ns/anno.jsonld"
PROFILED = f'application/ld+json; profile="{ANNO}"'
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
DCTERMS = "http://purl.org/dc/terms/"
W3C_CONTEXT = json.loads((Path(__file__).parent / "files" / "anno.jsonld").read_text())


def offline_loader(url, options=None):
    """The W3C annotation context from tests/api/files; any other URL is refused: no network."""
    if url != ANNO:
        raise AssertionError(f"the test would have fetched {url}")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": W3C_CONTEXT,
    }


def expand(document):
    return jsonld.expand(document, {"documentLoader": offline_loader})


def every_annotation(api):
    page = api.get(URL, {"page_size": 200}).json()
    assert page["next"] is None
    return page["results"]


def annotation_of(api, row, field="quote"):
    label = row._meta.label_lower
    found = [a for a in every_annotation(api) if f"/{label}/{row.pk}/{field}/" in a["id"]]
    assert len(found) <= 1
    return found[0] if found else None


def selectors(annotation):
    return {selector["type"]: selector for selector in annotation["target"]["selector"]}


def test_a_published_statement_is_an_annotation_whose_selectors_find_its_quote(api):
    source = make_source()
    statement = make_statement(source=source, text="It happens.", evidence_kind="expert_opinion")
    annotation = annotation_of(api, statement)

    found = selectors(annotation)
    quote, position = found["TextQuoteSelector"], found["TextPositionSelector"]
    assert quote["exact"] == statement.quote
    assert source.text[position["start"] : position["end"]] == statement.quote
    assert source.text[: position["start"]].endswith(quote["prefix"])
    assert source.text[position["end"] :].startswith(quote["suffix"])
    assert annotation["target"]["source"] == f"http://testserver/sources/{source.slug}/"
    assert annotation["type"] == "Annotation" and annotation["motivation"] == "describing"
    assert annotation["@context"] == ANNO
    assert annotation["body"] == [
        {
            "type": "TextualBody",
            "value": "It happens.",
            "format": "text/plain",
            "purpose": "describing",
        },
        {
            "type": "TextualBody",
            "value": "Expert opinion",
            "format": "text/plain",
            "purpose": "classifying",
        },
        {
            "type": "SpecificResource",
            "source": f"http://testserver{statement.get_absolute_url()}",
            "purpose": "linking",
        },
    ]
    assert annotation["modified"] == statement.updated_at.isoformat().replace("+00:00", "Z")


def test_an_annotations_id_is_its_address(api):
    statement = make_statement()
    annotation = annotation_of(api, statement)
    assert annotation["id"] == (
        f"http://testserver/api/v1/annotations/complications.statement/{statement.pk}/quote/"
    )
    assert api.get(annotation["id"]).json() == annotation


def test_a_patients_facts_are_told_with_the_kind_of_report_they_come_from(api):
    world = make_world("Alpha")
    outcome = annotation_of(api, world.patient, "outcome_quote")
    assert outcome["body"][0]["value"] == "AuthorAlpha 2020 — woman, 40. Outcome: resolved."
    assert outcome["body"][1]["value"] == "Case series, patients described individually"
    assert selectors(outcome)["TextQuoteSelector"]["exact"] == "she recovered"
    # A part is dated and linked as its row is.
    treatment = annotation_of(api, world.treatment)
    assert treatment["created"] == outcome["created"]
    assert treatment["body"][2]["source"] == f"http://testserver/cases/{world.patient.pk}/"
    assert "drug Alpha (Treatment Alpha)" in treatment["body"][0]["value"]
    mention = annotation_of(api, world.mention)
    assert mention["body"][1]["value"] == "Case report"  # the kind of publication


def test_an_empty_quote_field_gives_no_annotation(api):
    patient = make_patient()  # no outcome or retreatment quoted
    ids = [a["id"] for a in every_annotation(api)]
    assert any(f"/cases.patient/{patient.pk}/quote/" in i for i in ids)
    assert not any(f"/cases.patient/{patient.pk}/outcome_quote/" in i for i in ids)
    assert api.get(f"{URL}cases.patient/{patient.pk}/outcome_quote/").status_code == 404


def test_a_stored_anchor_places_a_repeated_quote_where_the_editor_selected_it(api):
    text = "It bled on day 4. A year later it bled on day 4 again."
    source = make_source(text=text)
    statement = make_statement(source=source, quote="bled on day 4")
    second = text.rindex("bled on day 4")
    keep(statement, positions={position_key(Statement, "quote", "bled on day 4"): second})

    position = selectors(annotation_of(api, statement))["TextPositionSelector"]
    assert (position["start"], position["end"]) == (second, second + len("bled on day 4"))


def test_a_quote_that_no_longer_anchors_is_given_by_its_words_alone(api):
    statement = make_statement()
    keep(statement)
    QuoteAnchor.objects.update(lost_at=timezone.now())
    assert annotation_of(api, statement)["target"]["selector"] == [
        {"type": "TextQuoteSelector", "exact": statement.quote}
    ]


def test_no_draft_row_nor_any_part_of_one_is_annotated(api):
    shown = make_world("Alpha")
    hidden = make_world("Hidden", status=Status.DRAFT)
    # Published rows that point at a draft: a patient in a draft report, a statement citing a
    # draft citation; and a published patient's treatment with a drug still in review.
    patient_in_draft_report = make_patient(report=make_report(status=Status.DRAFT))
    citing_a_draft = make_statement(citation=hidden.citation)
    drug_in_review = make_intervention("drughidden", status=Status.IN_REVIEW)
    with_hidden_drug = make_patient(treatments=[drug_in_review])
    hidden_treatment = with_hidden_drug.treatments.get()

    response = api.get(URL, {"page_size": 200})
    assert "hidden" not in response.content.decode().lower()
    ids = {a["id"] for a in response.json()["results"]}
    for row in [
        hidden.statement,
        hidden.report,
        hidden.count,
        hidden.patient,
        hidden.link,
        hidden.prior,
        hidden.treatment,
        hidden.event,
        hidden.mention,
        patient_in_draft_report,
        citing_a_draft,
        hidden_treatment,
    ]:
        address = f"http://testserver{URL}{row._meta.label_lower}/{row.pk}/quote/"
        assert address not in ids
        assert api.get(address).status_code == 404
    # What is public is all there: every quote of the published world, and the patient whose
    # treatment is hidden.
    for row in [shown.statement, shown.count, shown.link, shown.treatment, with_hidden_drug]:
        assert f"http://testserver{URL}{row._meta.label_lower}/{row.pk}/quote/" in ids


def test_annotations_run_by_model_then_id_and_pages_cut_across_models_without_a_gap(api):
    make_world("Alpha")
    make_world("Beta")
    make_course_statement()
    everything = [a["id"] for a in every_annotation(api)]
    keys = [i.split(URL)[1].strip("/").split("/") for i in everything]
    fields = {"quote": 0, "outcome_quote": 1, "retreatment_quote": 2}
    assert keys == sorted(keys, key=lambda k: (k[0], int(k[1]), fields[k[2]]))
    assert len({label for label, _, _ in keys}) == 10  # every quoted model
    for size in (1, 3, 7):
        paged, url = [], f"{URL}?page_size={size}"
        while url:
            page = api.get(url).json()
            assert page["count"] == len(everything)
            paged += [a["id"] for a in page["results"]]
            url = page["next"]
        assert paged == everything


def test_the_page_is_json_ld_that_keeps_every_annotation_through_expansion(api):
    make_world("Alpha")
    make_course_statement()
    page = api.get(URL, {"page_size": 200}).json()

    [expanded] = expand(page)
    assert expanded["@id"] == page["id"]
    assert expanded["@type"] == [f"{AS}OrderedCollectionPage"]
    assert expanded[f"{AS}totalItems"][0]["@value"] == page["count"]
    items = expanded[f"{AS}items"][0]["@list"]
    assert len(items) == len(page["results"]) == page["count"]
    for annotation, node in zip(page["results"], items, strict=True):
        assert node["@id"] == annotation["id"]
        assert node["@type"] == [f"{OA}Annotation"]
        assert node[f"{OA}motivatedBy"] == [{"@id": f"{OA}describing"}]
        assert node[f"{DCTERMS}created"][0]["@value"] == annotation["created"]
        [target] = node[f"{OA}hasTarget"]
        assert target[f"{OA}hasSource"] == [{"@id": annotation["target"]["source"]}]
        by_type = {s["@type"][0]: s for s in target[f"{OA}hasSelector"]}
        quote = by_type[f"{OA}TextQuoteSelector"]
        position = by_type[f"{OA}TextPositionSelector"]
        exact = selectors(annotation)["TextQuoteSelector"]["exact"]
        assert quote[f"{OA}exact"] == [{"@value": exact}]
        assert (
            position[f"{OA}start"][0]["@value"]
            == selectors(annotation)["TextPositionSelector"]["start"]
        )
        assert f"{OA}end" in position
        bodies = node[f"{OA}hasBody"]
        described = [b for b in bodies if {"@id": f"{OA}describing"} in b.get(f"{OA}hasPurpose")]
        assert described[0][RDF_VALUE] == [{"@value": annotation["body"][0]["value"]}]
        assert {"@id": f"{OA}classifying"} in bodies[1][f"{OA}hasPurpose"]
        assert bodies[2][f"{OA}hasSource"] == [{"@id": annotation["body"][2]["source"]}]
    # Nothing said is lost: compacting the expanded page again gives the page back (the
    # annotations under "items", the W3C context's own term for as:items).
    compacted = jsonld.compact(expanded, page["@context"], {"documentLoader": offline_loader})
    for annotation in page["results"]:
        del annotation["@context"]  # said once, by the page
    assert compacted.pop("items") == page.pop("results")
    assert compacted == {k: v for k, v in page.items() if v is not None}  # null: no value


def test_one_annotation_is_json_ld_on_its_own(api):
    statement = make_statement()
    annotation = annotation_of(api, statement)
    [node] = expand(api.get(annotation["id"]).json())
    assert node["@id"] == annotation["id"]
    assert node["@type"] == [f"{OA}Annotation"]


def test_json_ld_is_served_as_such_when_asked_for_and_errors_stay_json(api):
    make_statement()
    plain = api.get(URL)
    assert plain["Content-Type"] == "application/json"
    for response in (
        api.get(URL, {"format": "jsonld"}),
        api.get(URL, HTTP_ACCEPT="application/ld+json"),
        api.get(URL, HTTP_ACCEPT=PROFILED),
    ):
        assert response["Content-Type"] == PROFILED
        assert {**json.loads(response.content), "id": None} == {**plain.json(), "id": None}
    refused = api.get(URL, {"page": "abc"}, HTTP_ACCEPT="application/ld+json")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["errors"] == {"page": ["Enter a whole number from 1."]}


def test_an_address_that_names_no_public_quote_is_a_404_in_json(api):
    statement = make_statement()
    for address in (
        f"complications.statement/{statement.pk + 1}/quote/",
        f"complications.statement/{statement.pk}/text/",
        f"complications.statement/x{statement.pk}/quote/",
        f"complications.complication/{statement.complication.pk}/quote/",
    ):
        response = api.get(f"{URL}{address}")
        assert response.status_code == 404, address
        assert response.json()["detail"] == "No public quote has this address."


def add_worlds(count, start=0):
    for n in range(start, start + count):
        make_world(f"W{n}")
        make_course_statement()


def queries(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.json()


def test_a_page_makes_as_many_queries_for_many_rows_as_for_few(api):
    url = f"{URL}?page_size=200"
    add_worlds(1)
    api.get(url)  # content types are read once per process
    few, page = queries(api, url)
    one = queries(api, page["results"][0]["id"])[0]
    assert page["count"] == 11
    add_worlds(4, start=1)
    many, page = queries(api, url)
    assert page["count"] == 55
    assert many == few
    assert queries(api, page["results"][0]["id"])[0] == one
