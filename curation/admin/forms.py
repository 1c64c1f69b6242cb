"""The form of a curated row in the admin: the statuses a user may choose, the version seen,
and the problems the curation services found with a submitted change."""

from django import forms
from django.core.exceptions import ValidationError

from ..changes import Conflict
from ..models import Status
from ..workflow import allowed_statuses


class CuratedForm(forms.ModelForm):
    """`seen_version` carries the version the editor opened (of the row, or of the change
    waiting for review). The services merge an edit of an older version with what was saved
    since, or refuse it with a Conflict, which this form then shows with the input kept."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    request = None  # set per request by CuratedAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        current = self.instance.status if self.instance.pk else Status.DRAFT
        if "status" in self.fields and user is not None:
            allowed = {current, *allowed_statuses(user, current)}
            self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        problem = getattr(self.request, "curation_problem", None)
        if problem is not None:
            self.show(problem)
        return cleaned

    def show(self, problem):
        """Put a problem the services found where the editor sees it, keeping their input."""
        if isinstance(problem, Conflict):
            # Saving again, having seen the conflict, is a deliberate overwrite.
            data = self.data.copy()
            data[self.add_prefix("seen_version")] = problem.current_version
            self.data = data
            self.add_error(None, str(problem))
        elif isinstance(problem, ValidationError) and hasattr(problem, "error_dict"):
            for field, errors in problem.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, problem)


def bind_request(form_class, request):
    return type(form_class.__name__, (form_class,), {"request": request})
