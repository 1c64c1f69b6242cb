"""A quote that is not verbatim gets a message that says where it goes wrong."""

import pytest
from django.core.exceptions import ValidationError

from curation.quotes import mismatch

from .factories import make_source, make_statement

pytestmark = pytest.mark.django_db

TEXT = "The patient’s platelet count fell on day 4.\nShe was treated with IVIG and recovered."


class Source:
    text = TEXT

    def __str__(self):
        return "Zhao 2025"


@pytest.mark.parametrize(
    "quote, message",
    [
        (
            "The patient's platelet count",
            "at character 12 of the quote, the source has “’” (right single quotation mark) "
            "where the quote has “'” (apostrophe)",
        ),
        (
            "fell on day 4. She was treated",
            "at character 15 of the quote, the source has a line break where the quote has a space",
        ),
        (
            "fell on day 4.\n\nShe was treated",
            "at character 15 of the quote, the source has nothing where the quote has a line break",
        ),
        (
            "The patient’s platelet count fell on day 5",
            "no passage matches. The closest passage is: “The patient’s platelet count fell on day "
            "4.",
        ),
        ("Nothing of the kind appears anywhere", "no passage matches or comes close"),
    ],
)
def test_a_quote_error_says_where_the_quote_and_its_source_part(quote, message):
    explained = mismatch(quote, Source())
    assert explained.startswith("Not verbatim in “Zhao 2025”: ")
    assert message in explained


def test_model_validation_gives_the_pointed_message_on_the_quote_field():
    source = make_source(text=TEXT)
    statement = make_statement(source=source, quote="platelet count fell on day 4.")
    statement.quote = "The patient's platelet count fell"
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "right single quotation mark" in error.value.message_dict["quote"][0]
