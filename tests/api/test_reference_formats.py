"""The citation exports, read back by the programs researchers use: rispy (RIS), bibtexparser
and pybtex (BibTeX), citeproc-py (CSL-JSON). Authors, "et al.", journals and titles come out
as the sources give them, and no value, however hostile, breaks its format."""

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pybtex.bibtex import make_bibliography
from pybtex.database import parse_string as pybtex_parse
from pybtex.plugin import find_plugin

from alemkb.api.formats import BibTeXRenderer
from complications.models import CitationAuthor
from complications.models.citations import given_names

from ..factories import make_citation, make_complication, make_statement

pytestmark = pytest.mark.django_db

URL = "/api/v1/citations/"
AMA = Path(__file__).parents[2] / "alemkb" / "pages" / "csl" / "american-medical-association.csl"
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")


def add_authors(citation, *names):
    for position, (family, given) in enumerate(names, 1):
        CitationAuthor.objects.create(
            citation=citation, position=position, family=family, given=given
        )
    return citation


@pytest.fixture
def truncated():
    """A citation whose source names only its first three authors."""
    citation = make_citation(
        slug="drop-2021",
        title="Relapsing-remitting MS, NMO and anti-CD52 therapy: Elevated D-dimer.",
        journal="Mult Scler J",
        journal_full="Multiple Sclerosis Journal",
        year=2021,
        volume="27",
        pages="151–154",
        authors_truncated=True,
    )
    return add_authors(citation, ("Drop", "BRH"), ("Pan", "P-V"), ("Zhao", "Dylan Haixiang"))


@pytest.fixture
def complete():
    """A citation with its whole author list and only the journal's abbreviation."""
    citation = make_citation(
        slug="hadley-2020", title="A complete list", journal="Neurology", year=2020
    )
    return add_authors(citation, ("Hadley", "G"), ("Pisa", "Marco"))


def export(api, fmt, query=""):
    response = api.get(f"{URL}?format={fmt}{query}")
    assert response.status_code == 200, response.content
    return response.content.decode()


def by_key(items, key):
    return {item[key]: item for item in items}


def pybtex_references(bib):
    """{entry key: the reference as pybtex's 'plain' style prints it, as plain text}."""
    data = pybtex_parse(bib, "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    return {entry.key: entry.text.render_as("text") for entry in style.format_bibliography(data)}


def ama_references(items):
    """{item id: the reference as citeproc-py prints it in the shipped AMA style}."""
    style = CitationStylesStyle(str(AMA), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = bibliography.bibliography()
    return {item["id"]: str(entry) for item, entry in zip(items, entries, strict=True)}


# The author list and title as BibTeX's standard styles print them: the `format.names` function
# of plain.bst (also in abbrv, alpha and unsrt) and its `"t" change.case$` on titles, run by
# pybtex's BibTeX engine, the interpreter that runs any .bst.
BST = """
ENTRY { author title } {} { label }
STRINGS { s t }
INTEGERS { nameptr namesleft numnames }
FUNCTION {format.names}
{ 's :=
  #1 'nameptr :=
  s num.names$ 'numnames :=
  numnames 'namesleft :=
    { namesleft #0 > }
    { s nameptr "{ff~}{vv~}{ll}{, jj}" format.name$ 't :=
      nameptr #1 >
        { namesleft #1 >
            { ", " * t * }
            { numnames #2 > { "," * } 'skip$ if$
              t "others" = { " et~al." * } { " and " * t * } if$
            }
          if$
        }
        't
      if$
      nameptr #1 + 'nameptr :=
      namesleft #1 - 'namesleft :=
    }
  while$
}
FUNCTION {article}
{ "@" cite$ * ": " * author format.names add.period$ * " " * title "t" change.case$ *
  write$ newline$
}
READ
ITERATE {call.type$}
"""


def bibtex_style_references(bib, directory, monkeypatch):
    """{entry key: its names and title as a BibTeX style writes them into the .bbl}."""
    monkeypatch.chdir(directory)
    Path("refs.bib").write_text(bib, encoding="utf-8")
    Path("names.bst").write_text(BST, encoding="utf-8")
    Path("refs.aux").write_text("\\citation{*}\n\\bibstyle{names}\n\\bibdata{refs}\n")
    make_bibliography("refs.aux")
    lines = Path("refs.bbl").read_text(encoding="utf-8").replace("\n  ", " ").splitlines()
    return dict(line[1:].split(": ", 1) for line in lines if line.startswith("@"))


# "et al." for a truncated author list, in each format as its processors print it


def test_citeproc_renders_et_al_for_a_truncated_citation_from_the_csl_json_export(
    api, truncated, complete
):
    references = ama_references(json.loads(export(api, "csl")))
    assert "Drop BRH, Pan PV, Zhao DH, et al. Relapsing-remitting MS" in references["drop-2021"]
    assert "et al" not in references["hadley-2020"]
    assert "Hadley G, Pisa M. A complete list." in references["hadley-2020"]


def test_bibtex_styles_print_et_al_for_a_truncated_author_list(
    api, truncated, complete, tmp_path, monkeypatch
):
    bib = export(api, "bibtex")
    references = bibtex_style_references(bib, tmp_path, monkeypatch)
    assert references["drop-2021"].startswith(
        "B.~R.~H. Drop, P.-V. Pan, Dylan~Haixiang Zhao, et~al. "
    )
    assert references["hadley-2020"] == "G.~Hadley and Marco Pisa. A complete list"
    # pybtex's own styles know the marker too: the alpha label of an incomplete list has a "+".
    data = pybtex_parse(bib, "bibtex")
    assert str(data.entries["drop-2021"].persons["author"][-1]) == "others"
    style = find_plugin("pybtex.style.formatting", "alpha")()
    labels = {e.key: e.label for e in style.format_bibliography(data)}
    assert labels == {"drop-2021": "DPZ+21", "hadley-2020": "HP20"}


def test_a_truncated_author_list_ends_in_et_al_and_a_note_in_ris(api, truncated, complete):
    records = by_key(rispy.loads(export(api, "ris")), "id")
    assert records["drop-2021"]["authors"] == [
        "Drop, B. R. H.",
        "Pan, P.-V.",
        "Zhao, Dylan Haixiang",
        "et al.",
    ]
    assert "only these authors" in records["drop-2021"]["notes"][0]
    assert records["hadley-2020"]["authors"] == ["Hadley, G.", "Pisa, Marco"]
    assert "notes" not in records["hadley-2020"]


# Initials as given names processors understand


@pytest.mark.parametrize(
    "given, written",
    [
        ("BRH", "B. R. H."),
        ("G", "G."),
        ("P-V", "P.-V."),
        ("NP", "N. P."),
        ("Dylan Haixiang", "Dylan Haixiang"),
        ("Gina", "Gina"),
        ("J.", "J."),
        ("ABCDE", "ABCDE"),
        ("", ""),
    ],
)
def test_initials_run_together_are_written_as_dotted_given_names(given, written):
    assert given_names(given) == written


def test_initials_stay_whole_initials_in_bibtex_and_csl_json(api, truncated):
    data = pybtex_parse(export(api, "bibtex"), "bibtex")
    drop, pan, zhao = data.entries["drop-2021"].persons["author"][:3]
    assert drop.last_names == ["Drop"]
    assert drop.first_names + drop.middle_names == ["B.", "R.", "H."]
    assert pan.first_names + pan.middle_names == ["P.-V."]
    assert zhao.first_names + zhao.middle_names == ["Dylan", "Haixiang"]
    [item] = json.loads(export(api, "csl"))
    assert item["author"][:3] == [
        {"family": "Drop", "given": "B. R. H."},
        {"family": "Pan", "given": "P.-V."},
        {"family": "Zhao", "given": "Dylan Haixiang"},
    ]


# Titles as published, whatever a BibTeX style does to case


def test_bibtex_titles_keep_acronyms_and_capitals_when_a_style_recases_them(
    api, truncated, tmp_path, monkeypatch
):
    bib = export(api, "bibtex")
    title = "Relapsing-remitting MS, NMO and anti-CD52 therapy: Elevated D-dimer."
    [reference] = pybtex_references(bib).values()
    assert title in reference, reference
    [bbl] = bibtex_style_references(bib, tmp_path, monkeypatch).values()
    assert bbl.endswith(
        ". Relapsing-remitting {MS}, {NMO} and {anti-CD52} therapy: {Elevated} {D-dimer}."
    ), bbl


# One journal name per citation, with its abbreviation


def test_each_format_gives_the_journal_in_full_when_known_and_its_abbreviation(
    api, truncated, complete
):
    csl = by_key(json.loads(export(api, "csl")), "id")
    assert csl["drop-2021"]["container-title"] == "Multiple Sclerosis Journal"
    assert csl["drop-2021"]["container-title-short"] == "Mult Scler J"
    assert csl["hadley-2020"]["container-title"] == "Neurology"
    assert csl["hadley-2020"]["container-title-short"] == "Neurology"
    ris = by_key(rispy.loads(export(api, "ris")), "id")
    assert ris["drop-2021"]["secondary_title"] == "Multiple Sclerosis Journal"  # T2
    assert ris["drop-2021"]["alternate_title1"] == "Mult Scler J"  # J2
    assert ris["hadley-2020"]["secondary_title"] == "Neurology"
    bib = {e.key: e for e in bibtexparser.parse_string(export(api, "bibtex")).entries}
    assert bib["drop-2021"]["journal"] == "Multiple Sclerosis Journal"
    assert bib["drop-2021"]["shortjournal"] == "Mult Scler J"
    assert "Multiple Sclerosis Journal" in pybtex_references(export(api, "bibtex"))["drop-2021"]


def test_ama_references_print_the_journal_abbreviation(api, truncated):
    references = ama_references(json.loads(export(api, "csl")))
    assert "D-dimer. Mult Scler J. 2021;27:151-154." in references["drop-2021"]


def test_reference_lists_on_the_pages_print_the_journal_abbreviation(client, truncated):
    complication = make_complication()
    make_statement(complication=complication, citation=truncated)
    html = client.get(complication.get_absolute_url()).content.decode()
    references = html[html.index('id="references"') :]
    assert "Drop BRH, Pan PV, Zhao DH, et al. Relapsing-remitting MS" in references
    assert "<i>Mult Scler J</i>. 2021;27:151-154." in references
    assert "Multiple Sclerosis Journal" not in references


def test_the_api_gives_both_journal_names(api, truncated):
    [row] = api.get(URL).json()["results"]
    assert (row["journal"], row["journal_full"]) == ("Mult Scler J", "Multiple Sclerosis Journal")


# Hostile values: no value breaks its format

HOSTILE_TITLE = "Injected}, note = {evil} @article{x, 50% & $5 #1 a_b ~ ^ \\back"


@pytest.fixture
def hostile():
    citation = make_citation(
        slug="hostile-2024",
        title=HOSTILE_TITLE,
        journal="J}, x = {y",
        year=2024,
        doi="10.1000/a}b{c",
        url="https://example.org/a}b c",
        authors_truncated=False,
    )
    return add_authors(
        citation,
        ("O'Brien}, title = {x", "Ann\nMarie"),
        ("Smith and Jones", "K"),
        ("others", ""),
    )


# What pylatexenc (bibtexparser's LaTeX decoding) leaves out or approximates, and LaTeX prints.
TYPESET = {r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\textasciicircum{}": "^"}


def latex_text(value):
    """A LaTeX field as a reader sees it once typeset."""
    for n, command in enumerate(TYPESET):
        value = value.replace(command, f"<{n}>")
    decoded = bibtexparser.parse_string(
        "@article{k, title = {" + value + "}}", append_middleware=[LatexDecodingMiddleware()]
    ).entries[0]["title"]
    for n, text in enumerate(TYPESET.values()):
        decoded = decoded.replace(f"<{n}>", text)
    return decoded


def test_a_hostile_title_stays_inside_its_bibtex_field(api, hostile):
    bib = export(api, "bibtex")
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.key == "hostile-2024"
    expected = {"author", "title", "journal", "shortjournal", "year", "doi", "url"}
    assert {field.key for field in entry.fields} == expected
    assert latex_text(entry["title"]) == HOSTILE_TITLE
    assert latex_text(entry["journal"]) == "J}, x = {y"
    assert entry["doi"] == "10.1000/a%7Db%7Bc"
    assert entry["url"] == "https://example.org/a%7Db%20c"
    data = pybtex_parse(bib, "bibtex")
    assert list(data.entries) == ["hostile-2024"]
    fields = data.entries["hostile-2024"].fields
    assert {key.lower() for key in fields} == expected - {"author"}


def test_hostile_author_names_stay_one_person_each_in_bibtex(api, hostile):
    data = pybtex_parse(export(api, "bibtex"), "bibtex")
    obrien, smith_and_jones, others = data.entries["hostile-2024"].persons["author"]
    assert obrien.first_names + obrien.middle_names == ["Ann", "Marie"]
    assert latex_text(obrien.last_names[0].strip("{}")) == "O'Brien}, title = {x"
    assert smith_and_jones.last_names == ["{Smith and Jones}"]
    assert others.last_names == ["{others}"]
    [reference] = pybtex_references(export(api, "bibtex")).values()
    assert "et al" not in reference


def test_a_line_break_in_a_value_cannot_start_a_ris_tag_or_record(api):
    citation = make_citation(
        slug="forged-2024",
        title="First line\nER  - \nTY  - JOUR\u2028TI  - forged\r\nAU  - Mallory",
        journal="Mult Scler\u2029JO  - x",
        year=2024,
    )
    add_authors(citation, ("Eve\nAU  - Mallory", "A\u0085B"))
    ris = export(api, "ris")
    assert all(RIS_LINE.match(line) for line in ris.splitlines() if line)
    [record] = rispy.loads(ris)
    assert record["title"] == "First line ER  - TY  - JOUR TI  - forged AU  - Mallory"
    assert record["authors"] == ["Eve AU  - Mallory, A B"]
    assert record["secondary_title"] == "Mult Scler JO  - x"


def test_csl_json_carries_hostile_values_exactly(api, hostile):
    [item] = json.loads(export(api, "csl"))
    assert item["title"] == HOSTILE_TITLE
    assert item["container-title"] == "J}, x = {y"
    assert item["author"][0] == {"family": "O'Brien}, title = {x", "given": "Ann Marie"}
    assert item["DOI"] == "10.1000/a}b{c"


def test_an_entry_key_that_is_not_a_slug_is_refused(api, truncated):
    row = api.get(f"{URL}{truncated.pk}/").json()
    with pytest.raises(ValueError, match="BibTeX entry key"):
        BibTeXRenderer().render({**row, "slug": "x}, title = {y"})
