"""Time after an infusion, stored as numbers with a unit and normalised to days for queries."""

from django.db import models
from django.db.models import Case, F, FloatField, Value, When


class TimeUnit(models.TextChoices):
    HOURS = "hours", "hours"
    DAYS = "days", "days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    YEARS = "years", "years"


class OnsetAnchor(models.TextChoices):
    """The event a time after alemtuzumab is counted from. Windows counted from different
    events are not comparable: "day 4 of a course" and "months after the last course"."""

    COURSE_START = "course_start", "the start of the course"
    INFUSION = "infusion", "an infusion"
    LAST_INFUSION = "last_infusion", "the last infusion"
    LAST_COURSE = "last_course", "the last course"
    FIRST_COURSE = "first_course", "the first course"
    NOT_STATED = "not_stated", "an event the source does not state"


def counted_text(low, high, unit, anchor):
    """A window with what it is counted from: '1 month or more after the last course'.

    Sources count days within a course as day numbers ("on day 4", "days 1–4": day 1 is the
    first day of the course), and so do the fixtures; those read as the sources word them.
    """
    if anchor == OnsetAnchor.COURSE_START and unit == TimeUnit.DAYS:

        def number(value):
            return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)

        if low is not None and high is not None:
            days = f"day {number(low)}" if low == high else f"days {number(low)}–{number(high)}"
            return f"{days} of the course"
        if high is not None:
            return f"by day {number(high)} of the course"
        if low is not None:
            return f"day {number(low)} of the course or later"
    window = format_window(low, high, unit)
    if not window or not anchor:
        return window
    return f"{window} after {OnsetAnchor(anchor).label}"


ANCHOR_HELP = (
    "The event the time is counted from, as the source states it; “not stated” when it does "
    "not say. Days counted from the start of a course are day numbers (day 1 is its first day)."
)


def anchor_field(help_text=ANCHOR_HELP):
    return models.CharField(
        max_length=14, choices=OnsetAnchor.choices, blank=True, help_text=help_text
    )


# Calendar averages; precise enough to compare windows that differ by orders of magnitude.
DAYS_PER_UNIT = {
    TimeUnit.HOURS: 1 / 24,
    TimeUnit.DAYS: 1.0,
    TimeUnit.WEEKS: 7.0,
    TimeUnit.MONTHS: 365.25 / 12,
    TimeUnit.YEARS: 365.25,
}


def in_days(value_field, unit_field):
    """A database expression converting value_field, counted in unit_field, to days."""
    return Case(
        *[
            When(**{unit_field: unit}, then=F(value_field) * Value(factor))
            for unit, factor in DAYS_PER_UNIT.items()
        ],
        default=None,
        output_field=FloatField(),
    )


def days_field(value_field, unit_field, help_text):
    """A stored, indexable column derived by the database: it can never disagree with its inputs."""
    return models.GeneratedField(
        expression=in_days(value_field, unit_field),
        output_field=FloatField(),
        db_persist=True,
        help_text=help_text,
    )


def format_window(low, high, unit):
    """'1–4 days', '6 months', '1 month or more', 'up to 1 month'; '' when nothing is known."""

    def number(value):
        return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)

    def amount(value):
        # "1 month", not "1 months"
        return f"{number(value)} {unit.removesuffix('s') if value == 1 else unit}"

    if low is None and high is None:
        return ""
    if high is None:
        return f"{amount(low)} or more"
    if low is None:
        return f"up to {amount(high)}"
    if low == high:
        return amount(high)
    return f"{number(low)}–{amount(high)}"
