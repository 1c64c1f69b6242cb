"""Form fields that read text as AlemKB stores it."""

from django import forms

from .text import normalise_line_endings


class TextField(forms.CharField):
    """A CharField that reads a browser's CRLF line breaks as LF, as the model stores them,
    and keeps leading and trailing white space: submitting unchanged text is not a change, and
    a verbatim document or quote stays verbatim."""

    def __init__(self, *args, **kwargs):
        kwargs["strip"] = False
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_line_endings(value) if isinstance(value, str) else value
