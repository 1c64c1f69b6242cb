from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients get API_ANON_RATE requests (e.g. "120/minute"); staff are not limited.

    The rate is read from settings on every request rather than once at import, as DRF does,
    so that it follows the environment and the tests can change it.
    """

    def get_rate(self):
        return settings.API_ANON_RATE
