"""The form of a curated row in the admin: the statuses a user may choose, the version seen,
and the problems the curation services found with a submitted change."""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from .. import content as contents
from ..changes import Conflict
from ..models import Status
from ..workflow import allowed_statuses


class CuratedForm(forms.ModelForm):
    """`seen_version` carries the version the editor opened (of the row, or of the change
    waiting for review), and `seen` what the form showed (its content and status, signed).
    The services merge an edit of an older version with what was saved since, against exactly
    what the editor saw, or refuse it with a Conflict, which this form then shows with the
    input kept."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    request = None  # set per request by CuratedAdmin.get_form
    hidden_workflow_fields = ("seen_version", "seen")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        current = self.instance.status if self.instance.pk else Status.DRAFT
        if "status" in self.fields and user is not None:
            allowed = {current, *allowed_statuses(user, current)}
            self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            if not self.is_bound:
                content = contents.content_of(self.instance)
                self.fields["seen"].initial = contents.seen_token(content, self.instance.status)

    @cached_property
    def changed_data(self):
        return [n for n in super().changed_data if n not in self.hidden_workflow_fields]

    def clean_seen(self):
        token = self.cleaned_data.get("seen")
        if not token:
            return None
        try:
            return contents.read_seen_token(token)
        except signing.BadSignature as error:
            raise ValidationError(
                "This form cannot be read back as it was shown; open the row again."
            ) from error

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
            data[self.add_prefix("seen")] = contents.seen_token(problem.current, problem.status)
            self.data = data
            self.add_error(None, str(problem))
        elif isinstance(problem, ValidationError) and hasattr(problem, "error_dict"):
            for field, errors in problem.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, problem)


def bind_request(form_class, request):
    return type(form_class.__name__, (form_class,), {"request": request})
