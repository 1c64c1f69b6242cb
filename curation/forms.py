"""Form fields that read text as AlemKB stores it."""

from django import forms

from .text import normalise_line_endings


class TextField(forms.CharField):
    """A CharField that reads a browser's CRLF line breaks as LF, as the model stores them,
    so that submitting unchanged text is not a change."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_line_endings(value) if isinstance(value, str) else value
