"""Every API error is JSON with a `detail` sentence; invalid input also lists `errors` by field."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def summarise(errors):
    if isinstance(errors, dict):
        return "; ".join(f"{field}: {summarise(messages)}" for field, messages in errors.items())
    if isinstance(errors, list):
        return " ".join(summarise(message) for message in errors)
    return str(errors)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": f"Invalid input. {summarise(exc.detail)}", "errors": exc.detail}
    return response
