from django import forms

from complications.filters import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label="Search AlemKB", max_length=MAX_QUERY_LENGTH, strip=True)
