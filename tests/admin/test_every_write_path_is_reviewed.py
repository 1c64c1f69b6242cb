"""An editor's change to published content, whatever path it takes, stays off the public site
until a reviewer approves it; versions only go up."""

import pytest

from cases.models import Patient
from complications.models import Citation, Statement
from curation.models import PendingChange, Status

from ..curated_world import make_world
from .editing import change_url, edit, review_url

pytestmark = pytest.mark.django_db


def public_text(client, world):
    """Everything the public sees of the world, pages and API, as one string."""
    client.logout()
    urls = [
        world.complication.get_absolute_url(),
        world.patient.get_absolute_url(),
        world.report.get_absolute_url(),
        world.citation.get_absolute_url(),
        world.source.get_absolute_url(),
        f"/api/v1/complications/{world.complication.slug}/",
        f"/api/v1/cases/{world.patient.pk}/",
        f"/api/v1/reports/{world.report.pk}/",
        f"/api/v1/citations/{world.citation.pk}/",
        f"/api/v1/sources/{world.source.slug}/",
        "/api/v1/drugs/",
    ]
    responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [200] * len(urls)
    return "\n".join(r.content.decode() for r in responses)


EDITS = {
    "change form of a statement": ("statement", {"text": "Statement Beta about it."}),
    "change form of a citation": ("citation", {"title": "Citation Beta"}),
    "citation's authors inline": ("citation", {"authors-0-family": "AuthorBeta"}),
    "citation's mentions inline": ("citation", {"mentions-0-reference_number": "4"}),
    "change form of a complication": ("complication", {"name": "Complication Beta"}),
    "change form of a drug": ("drug", {"name": "drug Beta"}),
    "change form of a source": ("source", {"title": "Source Beta"}),
    "change form of a report": ("report", {"summary": "Summary Beta."}),
    "report's counts inline": ("report", {"counts-0-label": "Count Beta"}),
    "change form of a patient": ("patient", {"presentation": "Presentation Beta."}),
    "patient's complications inline": ("patient", {"complication_links-0-onset_detail": "Beta"}),
    "patient's prior therapies inline": ("patient", {"prior_therapies-0-detail": "Prior Beta"}),
    "patient's treatments inline": ("patient", {"treatments-0-detail": "Treatment Beta"}),
    "patient's timeline inline": ("patient", {"timeline-0-description": "Event Beta"}),
}


@pytest.mark.parametrize("path", list(EDITS))
def test_an_editors_change_is_public_only_once_a_reviewer_approves_it(
    client, editor, reviewer, path
):
    world = make_world("Alpha")
    attribute, changes = EDITS[path]
    row = getattr(world, attribute)
    changed = "4" if "reference_number" in str(changes) else "Beta"
    marker = "(reference 4)" if changed == "4" else "Beta"
    before = public_text(client, world)
    assert marker not in before
    version = type(row).objects.get(pk=row.pk).version

    client.force_login(editor)
    response = edit(client, row, changes)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert public_text(client, world) == before
    live = type(row).objects.get(pk=row.pk)
    assert live.status == Status.PUBLISHED and live.version == version
    change = PendingChange.objects.of(row).open().get()

    client.force_login(reviewer)
    client.post(review_url(change), {"decision": "approve"})
    after = public_text(client, world)
    assert marker in after
    assert type(row).objects.get(pk=row.pk).version > version


@pytest.mark.parametrize(
    "part",
    [
        "citationauthor",
        "citationmention",
        "reportcount",
        "patientcomplication",
        "priortherapy",
        "treatment",
        "timelineevent",
    ],
)
def test_parts_are_never_written_on_their_own_admin_pages(client, editor, reviewer, part):
    world = make_world("Alpha")
    row = {
        "citationauthor": world.author,
        "citationmention": world.mention,
        "reportcount": world.count,
        "patientcomplication": world.link,
        "priortherapy": world.prior,
        "treatment": world.treatment,
        "timelineevent": world.event,
    }[part]
    for user in (editor, reviewer):
        client.force_login(user)
        url = change_url(row)
        page = client.get(url)
        assert page.status_code == 200  # shown, read only, with its history
        assert b'name="_save"' not in page.content
        assert client.post(url, {"quote": "anything"}).status_code == 403
        add = url.replace(f"{row.pk}/change/", "add/")
        assert client.get(add).status_code == 403
        delete = url.replace("change/", "delete/")
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert type(row).objects.filter(pk=row.pk).exists()


def test_bulk_actions_never_let_an_editor_take_a_row_off_the_site_or_publish_one(client, editor):
    world = make_world("Alpha")
    draft = make_world("Gamma", status=Status.IN_REVIEW).statement
    client.force_login(editor)
    changelist = "/admin/complications/statement/"
    response = client.post(
        changelist,
        {"action": "submit_for_review", "_selected_action": [world.statement.pk]},
        follow=True,
    )
    assert "Nothing was changed" in response.content.decode()
    for action in ("publish", "publish_with_needs", "unpublish"):
        client.post(
            changelist, {"action": action, "_selected_action": [draft.pk, world.statement.pk]}
        )
    assert Statement.objects.get(pk=world.statement.pk).status == Status.PUBLISHED
    assert Statement.objects.get(pk=draft.pk).status == Status.IN_REVIEW


def history_url(obj, record):
    return change_url(obj).replace("change/", f"history/{record.history_id}/")


def test_an_editors_revert_waits_for_review_and_keeps_the_status(client, editor, reviewer):
    world = make_world("Alpha")
    statement = world.statement
    client.force_login(reviewer)
    edit(client, statement, {"text": "Statement Beta, reviewed."})
    first = statement.revisions.order_by("history_date").first()
    assert Statement.objects.get(pk=statement.pk).text == "Statement Beta, reviewed."
    version = Statement.objects.get(pk=statement.pk).version

    client.force_login(editor)
    page = client.get(history_url(statement, first))
    assert "Statement Alpha about the complication." in page.content.decode()
    response = client.post(history_url(statement, first), follow=True)
    assert "waits for a reviewer" in response.content.decode()
    live = Statement.objects.get(pk=statement.pk)
    assert live.text == "Statement Beta, reviewed." and live.status == Status.PUBLISHED
    assert live.version == version
    assert "Statement Beta, reviewed." in public_text(client, world)
    change = PendingChange.objects.of(statement).open().get()
    assert change.content["fields"]["text"] == "Statement Alpha about the complication."
    assert change.version > version


def test_reverting_to_a_published_version_never_publishes_an_unpublished_row(
    client, editor, reviewer
):
    world = make_world("Alpha")
    statement = world.statement
    published = statement.revisions.order_by("history_date").first()
    assert published.status == Status.PUBLISHED
    client.force_login(reviewer)
    client.post(
        "/admin/complications/statement/",
        {"action": "unpublish", "_selected_action": [statement.pk]},
    )
    client.force_login(editor)
    edit(client, statement, {"text": "A draft sentence."})
    version = Statement.objects.get(pk=statement.pk).version

    client.post(history_url(statement, published))
    live = Statement.objects.get(pk=statement.pk)
    assert live.status == Status.DRAFT
    assert live.text == "Statement Alpha about the complication."
    assert live.status_changed_by == reviewer  # the revert changed content, not the status
    assert live.version > version
    assert "Statement Alpha" not in public_text(client, world)


def test_a_revert_restores_the_parts_as_they_were_at_that_version(client, reviewer):
    world = make_world("Alpha")
    citation = world.citation
    first = citation.revisions.order_by("history_date").first()
    client.force_login(reviewer)
    edit(client, citation, {"authors-0-family": "Changed", "title": "Citation Changed"})
    assert list(citation.authors.values_list("family", flat=True)) == ["Changed"]
    client.post(history_url(citation, first))
    citation = Citation.objects.get(pk=citation.pk)
    assert citation.title == "Citation Alpha"
    assert list(citation.authors.values_list("family", flat=True)) == ["AuthorAlpha"]


def test_approving_a_change_never_lowers_a_version(client, editor, reviewer):
    world = make_world("Alpha")
    patient = world.patient
    versions = [Patient.objects.get(pk=patient.pk).version]
    client.force_login(editor)
    for text in ("One.", "Two.", "Three."):
        edit(client, patient, {"presentation": text})
    change = PendingChange.objects.of(patient).open().get()
    assert [p["version"] for p in change.proposals] == [2, 3, 4]
    client.force_login(reviewer)
    client.post(review_url(change), {"decision": "approve"})
    versions.append(Patient.objects.get(pk=patient.pk).version)
    edit(client, patient, {"presentation": "Four."})
    versions.append(Patient.objects.get(pk=patient.pk).version)
    assert versions == sorted(versions) and len(set(versions)) == 3
    assert versions[1] > 4
