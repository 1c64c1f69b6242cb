"""The risk-window chart: when after an infusion each complication appears, on a log time axis.

Built from the data (published onset statements and reported cases' onset latencies) as
coordinates for an inline SVG that templates/includes/risk_chart.html draws.
"""

import math
from dataclasses import dataclass, field

AXIS_START_DAYS = 1 / 24  # one hour
AXIS_END_DAYS = 3652.5  # ten years
TICKS = [
    (1 / 24, "1 hour"),
    (1, "1 day"),
    (7, "1 week"),
    (30.4375, "1 month"),
    (182.625, "6 months"),
    (730.5, "2 years"),
    (3652.5, "10 years"),
]

LABEL_WIDTH = 270  # room for the complication names, left of the plot
PLOT_WIDTH = 500
ROW_HEIGHT = 30
TOP = 12
AXIS_HEIGHT = 40


def x_of(days, left=LABEL_WIDTH, width=PLOT_WIDTH):
    """Horizontal position of `days` on the log axis, clamped to the axis."""
    days = min(max(days, AXIS_START_DAYS), AXIS_END_DAYS)
    span = math.log10(AXIS_END_DAYS) - math.log10(AXIS_START_DAYS)
    return left + (math.log10(days) - math.log10(AXIS_START_DAYS)) / span * width


# On a phone each complication gets a strip of its own, its name above it, with a small axis:
# the chart fits the screen's width instead of scrolling sideways.
STRIP_WIDTH = 340
STRIP_LEFT = 10
STRIP_PLOT = 320
STRIP_TICKS = [(1 / 24, "1 h"), (1, "1 d"), (30.4375, "1 mo"), (365.25, "1 y"), (3652.5, "10 y")]


def strip_x(days):
    return x_of(days, STRIP_LEFT, STRIP_PLOT)


def strip_ticks():
    return [(strip_x(days), label) for days, label in STRIP_TICKS]


@dataclass
class Window:
    """One published onset window: from `min_days` (or the axis start) to `max_days` (or open),
    counted from `anchor` (an OnsetAnchor); `text` names the anchor."""

    text: str
    min_days: float | None
    max_days: float | None
    statement_id: int
    anchor: str = ""
    expert_opinion: bool = False

    @property
    def x(self):
        return x_of(self.min_days) if self.min_days is not None else x_of(AXIS_START_DAYS)

    @property
    def width(self):
        end = x_of(self.max_days) if self.max_days is not None else x_of(AXIS_END_DAYS)
        return max(end - self.x, 4)  # a point window stays visible

    @property
    def open_ended(self):
        return self.max_days is None

    @property
    def strip_x(self):
        return strip_x(self.min_days if self.min_days is not None else AXIS_START_DAYS)

    @property
    def strip_width(self):
        end = strip_x(self.max_days if self.max_days is not None else AXIS_END_DAYS)
        return max(end - self.strip_x, 3)


@dataclass(frozen=True)
class CaseOnset:
    """Reported patients' onset, in days after the event it is counted from: one patient or a
    bin of patients whose onsets are counted from the same event."""

    days: float
    text: str
    label: str
    url: str
    count: int = 1


@dataclass(frozen=True)
class CaseMark:
    """One dot for the patients of a bin, who would otherwise hide each other."""

    x: float
    onset: CaseOnset

    @property
    def count(self):
        return self.onset.count

    @property
    def radius(self):
        return 5 if self.count == 1 else 8

    @property
    def title(self):
        return f"{self.onset.label}: {self.onset.text}"

    @property
    def url(self):
        return self.onset.url

    @property
    def strip_x(self):
        return strip_x(self.onset.days)


@dataclass
class Row:
    complication: object
    windows: list = field(default_factory=list)
    case_onsets: list = field(default_factory=list)  # CaseOnset
    index: int = 0

    @property
    def y(self):
        return TOP + self.index * ROW_HEIGHT

    @property
    def middle(self):
        return self.y + ROW_HEIGHT / 2

    @property
    def case_marks(self):
        return [CaseMark(x_of(onset.days), onset) for onset in self.case_onsets]


@dataclass
class Chart:
    rows: list

    @property
    def height(self):
        return TOP + len(self.rows) * ROW_HEIGHT + AXIS_HEIGHT

    @property
    def width(self):
        return LABEL_WIDTH + PLOT_WIDTH + 36  # room for the last tick's label

    @property
    def axis_y(self):
        return TOP + len(self.rows) * ROW_HEIGHT

    @property
    def ticks(self):
        return [(x_of(days), label) for days, label in TICKS]

    @property
    def strip_ticks(self):
        return strip_ticks()

    @property
    def strip_width(self):
        return STRIP_WIDTH

    @property
    def plot_left(self):
        return LABEL_WIDTH

    @property
    def plot_right(self):
        return LABEL_WIDTH + PLOT_WIDTH


def elapsed(low, high, unit, anchor):
    """(start, end) in days elapsed since the anchor. Days of a course are day numbers, as the
    sources count them: day 1 is the day the course starts, so "days 1–4" runs from the
    start (0 days elapsed) to the end of day 4, and "day 4" from 3 to 4 days elapsed."""
    if anchor == "course_start" and unit == "days":
        start = low - 1 if low is not None else None
        return (start if start else None), high
    return low, high


def build_chart(complications, case_onsets):
    """A chart row for each complication with an onset window or a reported case's onset.

    `complications` come with their published statements prefetched; `case_onsets` maps a
    complication id to CaseOnsets. Rows run from the earliest onset down.
    """
    rows = []
    for complication in complications:
        windows = [
            Window(
                s.onset_text,
                *elapsed(s.onset_min_days, s.onset_max_days, s.onset_unit, s.onset_anchor),
                s.pk,
                s.onset_anchor,
                s.evidence_kind == "expert_opinion",
            )
            for s in complication.page_statements()
            if s.section == "onset"
            and (s.onset_min_days is not None or s.onset_max_days is not None)
        ]
        onsets = sorted(case_onsets.get(complication.pk, []), key=lambda onset: onset.days)
        if windows or onsets:
            rows.append(Row(complication, windows, onsets))

    def earliest(row):
        starts = [w.min_days or AXIS_START_DAYS for w in row.windows]
        starts += [onset.days for onset in row.case_onsets]
        return (min(starts), row.complication.name)

    rows.sort(key=earliest)
    for index, row in enumerate(rows):
        row.index = index
    return Chart(rows)
