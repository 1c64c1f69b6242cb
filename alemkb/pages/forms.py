from django import forms

from complications.filters import MAX_QUERY_LENGTH
from complications.models import OnsetAnchor, TimeUnit
from complications.models.timing import DAYS_PER_UNIT


class SearchForm(forms.Form):
    q = forms.CharField(label="Search AlemKB", max_length=MAX_QUERY_LENGTH, strip=True)


class TimeSinceForm(forms.Form):
    """'3 days after the start of the course': a time, and the event it is counted from.

    Nothing about the patient is kept: the form is a GET, and the page sets no cookie.
    """

    amount = forms.DecimalField(
        label="Time", min_value=0, max_value=100, decimal_places=2, initial=3
    )
    unit = forms.ChoiceField(
        label="Unit", choices=[c for c in TimeUnit.choices if c[0] != TimeUnit.HOURS]
    )
    since = forms.ChoiceField(
        label="After",
        choices=[c for c in OnsetAnchor.choices if c[0] != OnsetAnchor.NOT_STATED],
        help_text="Day 1 of a course is 0 days after its start. After one course, the first "
        "course is also the last: try both.",
    )

    # The sources speak of at most years; past ten years the answer would mean nothing.
    MAX_DAYS = DAYS_PER_UNIT[TimeUnit.YEARS] * 10

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.days() > self.MAX_DAYS:
            raise forms.ValidationError("Give a time within 10 years of alemtuzumab.")
        return cleaned

    def asked(self):
        """'3 days after the start of the course', in words."""
        amount = f"{self.cleaned_data['amount'].normalize():f}"
        unit = self.cleaned_data["unit"]
        unit = unit.removesuffix("s") if amount == "1" else unit
        return f"{amount} {unit} after {OnsetAnchor(self.cleaned_data['since']).label}"

    def days(self):
        return float(self.cleaned_data["amount"]) * DAYS_PER_UNIT[self.cleaned_data["unit"]]
