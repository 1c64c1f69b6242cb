import os

import pytest
from django.conf import settings


@pytest.fixture
def seeds_dir():
    """The seed documents beside the repository: CI always has them, a lone clone may not."""
    if not settings.SEEDS_DIR.is_dir():
        message = f"seed documents not found at {settings.SEEDS_DIR}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return settings.SEEDS_DIR
