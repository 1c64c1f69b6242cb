"""Spreadsheets that open safely: every cell is a number, a yes/no or text, never a formula.

A CSV cell that begins with =, +, - or @ is run as a formula by spreadsheet programs, and a
source's text could begin that way. CSV stays byte-faithful for R and pandas; the .xlsx
download is for spreadsheets: openpyxl would itself store "=…" as a formula, so each text
cell's type is set to text after its value.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What XML 1.0 (and so .xlsx) cannot hold: control characters. Each is shown as U+FFFD
# rather than dropped, so a reader sees something was there.
REPLACEMENT = "\ufffd"


def workbook(header, rows, title="AlemKB"):
    """The bytes of an .xlsx file with `header` in bold on a frozen first row, then `rows`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    return text_cell(sheet, str(value))


def text_cell(sheet, text):
    written = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text))
    written.data_type = "s"  # text, even when it begins with "="
    return written
