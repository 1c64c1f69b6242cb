"""The Editors and Reviewers groups and what they may do; `manage.py setup_roles` applies it.

Editors add and change content and submit it for review; they cannot manage users and cannot
delete or publish published rows. Reviewers may also publish and unpublish.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .provenance import content_models

EDITORS = "Editors"
REVIEWERS = "Reviewers"
PUBLISH_PERMISSION = "complications.publish_content"


def content_permissions(actions):
    codenames = [
        f"{action}_{model._meta.model_name}" for model in content_models() for action in actions
    ]
    return Permission.objects.filter(
        content_type__app_label__in=["complications", "cases"], codename__in=codenames
    )


@transaction.atomic
def setup_roles():
    """Create or update both groups; safe to run any number of times."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)  # they may not exist before the first request
    editing = list(content_permissions(["view", "add", "change", "delete"]))
    publish = Permission.objects.get(
        content_type__app_label="complications", codename="publish_content"
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(editing)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set([*editing, publish])
    return editors, reviewers


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)
