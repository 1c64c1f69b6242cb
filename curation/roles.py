"""The Editors and Reviewers groups and what they may do; `manage.py setup_roles` applies it.

Editors add and change content; their changes to published content wait for a reviewer, and
they cannot delete published rows or manage users. Reviewers may also publish, unpublish and
decide on pending changes.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"
REVIEWERS = "Reviewers"
PUBLISH_PERMISSION = "curation.publish_content"


def content_permissions(actions):
    from .registry import content_models

    codenames = [
        f"{action}_{model._meta.model_name}" for model in content_models() for action in actions
    ]
    labels = {model._meta.app_label for model in content_models()}
    return Permission.objects.filter(content_type__app_label__in=labels, codename__in=codenames)


@transaction.atomic
def setup_roles():
    """Create or update both groups; safe to run any number of times."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)  # they may not exist before the first request
    editing = list(content_permissions(["view", "add", "change", "delete"]))
    editing += list(
        Permission.objects.filter(content_type__app_label="curation", codename="view_pendingchange")
    )
    publish = Permission.objects.get(content_type__app_label="curation", codename="publish_content")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(editing)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set([*editing, publish])
    return editors, reviewers


def can_publish(user):
    return user is not None and user.has_perm(PUBLISH_PERMISSION)
