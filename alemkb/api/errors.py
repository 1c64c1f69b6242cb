"""Every API error is JSON with a `detail` sentence and `errors`: the messages for each
parameter at fault, by name (empty when no parameter is)."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def summarise(errors):
    if isinstance(errors, dict):
        return "; ".join(f"{field}: {summarise(messages)}" for field, messages in errors.items())
    if isinstance(errors, list):
        return " ".join(summarise(message) for message in errors)
    return str(errors)


def by_parameter(errors):
    """{name: [message, …]} from what a ValidationError holds; a bare message has no name."""
    if isinstance(errors, dict):
        return {
            name: [str(m) for m in (v if isinstance(v, list) else [v])]
            for name, v in errors.items()
        }
    return {
        "non_field_errors": [str(m) for m in (errors if isinstance(errors, list) else [errors])]
    }


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": f"Invalid input. {summarise(exc.detail)}",
            "errors": by_parameter(exc.detail),
        }
    elif isinstance(response.data, dict):
        # A NotFound raised with {"detail": …, "errors": …} keeps its errors.
        response.data.setdefault("errors", {})
    return response
