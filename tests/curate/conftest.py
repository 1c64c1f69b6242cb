from tests.admin.conftest import client_for, editor, make_user, reviewer, roles, second_editor

__all__ = ["client_for", "editor", "make_user", "reviewer", "roles", "second_editor"]
