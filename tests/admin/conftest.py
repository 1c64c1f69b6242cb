import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import RequestFactory

from curation.roles import EDITORS, REVIEWERS, setup_roles


@pytest.fixture
def roles(db):
    setup_roles()


def make_user(username, group=None):
    user = User.objects.create_user(username, password="a long enough passphrase", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)  # a fresh object, without cached permissions


@pytest.fixture
def editor(roles):
    return make_user("edna", EDITORS)


@pytest.fixture
def second_editor(roles):
    return make_user("eddie", EDITORS)


@pytest.fixture
def reviewer(roles):
    return make_user("rita", REVIEWERS)


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def admin_form(model, user, instance=None, data=None):
    """The form a user gets in the admin for `model`, bound to `data`."""
    request = RequestFactory().get("/")
    request.user = user
    form_class = admin.site._registry[model].get_form(request, instance)
    return form_class(data=data, instance=instance)


def form_data(response):
    """What the browser would send back for an admin change form, unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            add(form)
    return data
