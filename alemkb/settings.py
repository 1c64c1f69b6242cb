"""AlemKB settings: one file, configured from the environment.

DEBUG is off unless DEBUG=1; without DEBUG a SECRET_KEY must be given.
DATABASE_URL picks the database (SQLite in the project directory by default).
"""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is empty; list the host names that serve AlemKB.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "axes",
    "corsheaders",
    "curation",
    "complications",
    "cases",
]

MIDDLEWARE = [
    # Above everything that answers, so every answer (a 414 too) carries the CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    # A URL too long to be reasonable is refused before anything reads it; TRACE too.
    "alemkb.http_conventions.LongURLMiddleware",
    "alemkb.http_conventions.MethodsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so cached answers are compressed too.
    "alemkb.http_conventions.MachineReadableGZipMiddleware",
    "alemkb.http_conventions.RevalidateMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so cached responses get ETags and 304s too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Answers anonymous hits before the session and user are looked at (alemkb/cache.py).
    "alemkb.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The longest path and query string the site reads (characters); longer answers 414.
# gunicorn.conf.py lets request lines of up to 8,190 bytes through to here.
MAX_URL_LENGTH = env_int("MAX_URL_LENGTH", 4096, minimum=256)

# CORS: any web page may read the API and the downloads (a notebook on another origin), never
# with the reader's cookies, and never to write.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/(api|downloads)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# The default headers, and those of a conditional request (a cached copy revalidated).
CORS_ALLOW_HEADERS = [*default_cors_headers, "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["Content-Disposition", "ETag", "Last-Modified", "Link", "Retry-After"]

ROOT_URLCONF = "alemkb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "alemkb.wsgi.application"

try:
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=60,
            conn_health_checks=True,
        )
    }
except ValueError as error:  # an unparseable DATABASE_URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from error
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends tens of milliseconds compiling queries that run in a few:
    # a page's queries are short, and each is planned anew.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Caches: local memory in each process by default; Redis, shared by every worker and replica,
# when REDIS_URL is set. Anonymous pages and API responses are kept PAGE_CACHE_SECONDS (0: off),
# and a change to the content makes them all stale at once (alemkb/cache.py).
REDIS_URL = env_str("REDIS_URL")
# Rate records apart, if wanted: a Redis that evicts (allkeys-lru) to make room for pages could
# otherwise evict them too. Defaults to REDIS_URL.
THROTTLE_REDIS_URL = env_str("THROTTLE_REDIS_URL") or REDIS_URL
for _name, _url in (("REDIS_URL", REDIS_URL), ("THROTTLE_REDIS_URL", THROTTLE_REDIS_URL)):
    if _url and not re.match(r"(rediss?|unix)://", _url):
        raise ImproperlyConfigured(
            f"{_name}={_url!r} is not a Redis URL such as redis://127.0.0.1:6379/0."
        )
# A slow or stopped Redis must not hold a request up for long: reads then go uncached.
REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}


def cache_config(name, max_entries, redis_url=REDIS_URL):
    """Redis under its own key prefix when a Redis URL is set, else this process's memory."""
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": name,
            "OPTIONS": REDIS_OPTIONS,
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"alemkb-{name}",
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {
    "default": cache_config("pages", 300),
    # Rate records apart from pages, so that many distinct pages never evict a throttled
    # client's record (alemkb/api/throttling.py).
    "throttle": cache_config("throttle", 100_000, THROTTLE_REDIS_URL),
    # Rows of API lists kept per content version (alemkb/precomputed.py): many small entries,
    # apart from the pages they would otherwise evict. About 3 KB each in memory.
    "rows": cache_config("rows", 5_000),
}
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300, minimum=0)
# How often each process rereads the content version: the most a publication may take to
# reach every cached page in every worker (0: on every request, one query per hit).
CONTENT_VERSION_CHECK_SECONDS = env_int("CONTENT_VERSION_CHECK_SECONDS", 1, minimum=0)

# Pages an anonymous client may have computed afresh (cache misses) per period; cached pages
# are never counted. Generous: a reader opens a few pages a minute. Empty for no limit.
PAGE_MISS_RATE = env_str("PAGE_MISS_RATE", "300/minute") or None
if PAGE_MISS_RATE and not re.fullmatch(r"[1-9]\d*/(s|m|h|d)[a-z]*", PAGE_MISS_RATE):
    raise ImproperlyConfigured(
        f"PAGE_MISS_RATE={PAGE_MISS_RATE!r} is not a rate such as 300/minute or 20/second."
    )

# The REST API: read-only, anonymous, paginated, throttled, documented by drf-spectacular.
API_ANON_RATE = env_str("API_ANON_RATE", "120/minute") or None
if API_ANON_RATE and not re.fullmatch(r"[1-9]\d*/(s|m|h|d)[a-z]*", API_ANON_RATE):
    raise ImproperlyConfigured(
        f"API_ANON_RATE={API_ANON_RATE!r} is not a rate such as 120/minute or 5000/day."
    )
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["alemkb.api.throttling.AnonymousThrottle"],
    "DEFAULT_PAGINATION_CLASS": "alemkb.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "alemkb.api.filtering.FilterBackend",
        "alemkb.api.ordering.NamedOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "alemkb.api.schema.DocumentedErrorsSchema",
    "EXCEPTION_HANDLER": "alemkb.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AlemKB API",
    "DESCRIPTION": (
        "Read-only access to the AlemKB knowledge base of alemtuzumab complications: "
        "complications with their sourced statements, individually reported patients, the "
        "publications that report them, citations and the source documents. Lists are "
        "paginated (`page`, `page_size` up to 200). Cases and citations export as CSV "
        "(`?format=csv`); citations also as RIS, BibTeX and CSL-JSON."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1 says "this object, or null" as JSON Schema does; 3.0's `nullable` beside a $ref is
    # ignored by strict validators, which then call every null a mismatch.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "alemkb.api.schema.describe_counts",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PublicationKindEnum": "complications.models.PublicationKind",
        "ReportKindEnum": "cases.models.ReportKind",
        "InterventionKindEnum": "complications.models.InterventionKind",
        "SourceDocumentKindEnum": "complications.models.SourceDocumentKind",
        "OnsetAnchorEnum": "complications.models.OnsetAnchor",
        "TimeUnitEnum": "complications.models.TimeUnit",
    },
}

# Only a database explicitly meant for benchmarks accepts synthetic data (generate_synthetic).
BENCHMARK_DATABASE = env_bool("ALEMKB_BENCHMARK_DATABASE", default=False)

# Fixtures loaded by `manage.py seed`, in file-name order.
SEED_FIXTURES_DIR = BASE_DIR / "fixtures"

# The seed documents live beside the repository in ../shared/seeds when it is checked out there;
# the fixtures hold their text, so the application never needs this directory to run.
SEEDS_DIR = Path(env_str("ALEMKB_SEEDS_DIR", str(BASE_DIR.parent / "shared" / "seeds")))

# Citable data releases (`manage.py release`) are written here and served at /downloads/.
DOWNLOADS_DIR = Path(env_str("DOWNLOADS_DIR", str(BASE_DIR / "downloads")))

# HTTPS. In production a proxy terminates TLS and says so in X-Forwarded-Proto; HTTPS=1
# (the default without DEBUG) redirects plain HTTP there and sends HSTS. HTTPS=0 serves plain
# HTTP, for a trial on localhost (docker compose) and for the test suite.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
# Cookies travel over HTTPS only, unless SECURE_COOKIES=0 for a plain-HTTP trial on localhost.
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=HTTPS)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp). No inline script anywhere: the site,
# the admin and the API docs load scripts from their own files. Inline style attributes are
# allowed because the admin's widgets set them; they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logins: django-axes locks a username out from an address after AXES_FAILURE_LIMIT failures
# in a row, for AXES_COOLOFF_HOURS, with a page saying so (templates/admin/locked_out.html).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(hours=env_int("AXES_COOLOFF_HOURS", 1, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "alemkb.security.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (0: trust REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
}
