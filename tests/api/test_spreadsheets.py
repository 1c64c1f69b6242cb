"""Spreadsheet-safe downloads: the .xlsx export writes every cell as text or a number, so a
value that begins with = + - @ is never run as a formula; CSV keeps it byte for byte."""

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from ..factories import make_citation, make_patient, make_report

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def hostile_rows():
    citation = make_citation(title=HOSTILE, journal="+44 Journal")
    make_patient(report=make_report(citation=citation), disease_detail="@SUM(A1:A9)", age=41)
    return citation


def xlsx_cells(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_a_formula_like_title_is_text_in_the_spreadsheet(api, hostile_rows):
    response = api.get("/api/v1/citations/?format=xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    header, row = xlsx_cells(response)
    title = row[[cell.value for cell in header].index("title")]
    assert (title.value, title.data_type) == (HOSTILE, "s")
    # No formula element anywhere in the file.
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")


def test_numbers_stay_numbers_and_text_stays_text_in_the_cases_spreadsheet(api, hostile_rows):
    table = pd.read_excel(io.BytesIO(api.get("/api/v1/cases/?format=xlsx").content))
    assert table.loc[0, "age"] == 41
    assert table.loc[0, "disease_detail"] == "@SUM(A1:A9)"
    assert table.loc[0, "citation_title"] == HOSTILE


def test_the_csv_keeps_the_value_byte_for_byte_for_r_and_pandas(api, hostile_rows):
    response = api.get("/api/v1/citations/?format=csv")
    table = pd.read_csv(io.BytesIO(b"".join(response.streaming_content)))
    assert table.loc[0, "title"] == HOSTILE
    assert table.loc[0, "journal"] == "+44 Journal"


def test_control_characters_are_shown_not_dropped_and_do_not_break_the_file(api):
    make_citation(title="Bell\x07 and tab\tkept")
    header, row = xlsx_cells(api.get("/api/v1/citations/?format=xlsx"))
    title = row[[cell.value for cell in header].index("title")].value
    assert title == "Bell\ufffd and tab\tkept"


def test_the_long_tables_and_counts_download_as_spreadsheets(api, hostile_rows):
    for url in (
        "/api/v1/patient-complications/",
        "/api/v1/treatments/",
        "/api/v1/cases/?count=sex",
    ):
        response = api.get(url + ("&" if "?" in url else "?") + "format=xlsx")
        assert response.status_code == 200
        assert openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row >= 1
