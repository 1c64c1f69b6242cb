"""Editing a row in the admin as a browser does: open its form, change fields, press Save."""

from ..browser_forms import submitted_form


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def browser_form(client, obj):
    """What the browser would send for the row's change form as it is rendered now."""
    page = client.get(change_url(obj))
    assert page.status_code == 200, change_url(obj)
    return submitted_form(page.content.decode(), f"{obj._meta.model_name}_form")


def edit(client, obj, changes, data=None, button="_save"):
    """Submit the row's change form with `changes` ({field name: value}) made to it."""
    data = data if data is not None else browser_form(client, obj)
    for name, value in changes.items():
        data[name] = [value]
    data.setdefault(button, ["Save"])
    return client.post(change_url(obj), data)


def review_url(change):
    return f"/admin/curation/pendingchange/{change.pk}/change/"
