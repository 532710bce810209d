"""Settings for OCOP-GIS. Everything that differs between machines comes from the environment."""
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("OCOP_REQUIRE_SECRET"):
        raise RuntimeError("DJANGO_SECRET_KEY must be set in production")
    # Development and tests only; production sets DJANGO_SECRET_KEY.
    SECRET_KEY = "insecure-development-key-change-me"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "gis_app.core",
    "gis_app.places",
    "gis_app.registry",
    "gis_app.roads",
    "gis_app.api",
    "gis_app.web",
    "gis_app.tours",
    "gis_app.supply",
    "gis_app.imports",
    "gis_app.accounts",
    "gis_app.jobs",
    "gis_app.catalogue",
    "gis_app.sales",
    "gis_app.events",
    "gis_app.photos",
    "gis_app.criteria",
    "gis_app.dossiers",
    "gis_app.inspections",
    "gis_app.decisions",
    "layers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gis_app.core.cors.PublicCorsMiddleware",  # outside the limits below: their 413/429 carry CORS too
    "gis_app.core.security.SecurityHeadersMiddleware",
    "gis_app.core.ratelimit.RateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "gis_app.core.nul_bytes.NulByteMiddleware",  # U+0000 in parameters/credentials: a 4xx, never a 500
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gis_app.core.login_throttle.LoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # history rows name the user who saved
    "gis_app.jobs.middleware.JobsUnavailableMiddleware",  # a job that cannot start: 503 with words
]

ROOT_URLCONF = "gis_app.urls"
WSGI_APPLICATION = "gis_app.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gis_app.accounts.context_processors.roles",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = "postgis://ocop:ocop@127.0.0.1:5432/ocop_gis"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        engine="django.contrib.gis.db.backends.postgis",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A persistent connection the server dropped (restart, failover, idle kill) is noticed before the
        # request uses it and replaced, instead of costing one 500 per worker (#12).
        conn_health_checks=True,
    )
}
# On small machines JIT and parallel workers make short indexed queries several
# times slower (docs/benchmarks.md); the app only runs short queries.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c jit=off -c max_parallel_workers_per_gather=0"
)
# Read replicas (docs/scaling.md): DATABASE_REPLICA_URLS="postgis://…,postgis://…" adds aliases replica1, …;
# gis_app.core.routers sends reads to a healthy one and everything else to "default". In tests they
# mirror "default".
DATABASE_REPLICAS = []
for _number, _url in enumerate(filter(None, map(str.strip, os.environ.get("DATABASE_REPLICA_URLS", "").split(","))),
                               start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, engine="django.contrib.gis.db.backends.postgis",
                                              conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
                                              conn_health_checks=True)
    DATABASES[_alias]["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], "connect_timeout": 2}
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["gis_app.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are typed and read dd/mm/yyyy in both languages (gis_app/core/dates.py): never Django's %m/%d/%Y.
FORMAT_MODULE_PATH = ["gis_app.formats"]
from gis_app.core.dates import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: E402,F401

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
# Browser libraries installed by `npm ci` (package.json), served under static/vendor/<package>/.
NPM_STATIC = {"leaflet.markercluster": "leaflet.markercluster/dist", "maplibre-gl": "maplibre-gl/dist"}
STATICFILES_DIRS += [(f"vendor/{name}", BASE_DIR / "node_modules" / path) for name, path in NPM_STATIC.items()]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
# MEDIA_URL is served by gis_app/photos/views.py, which applies the records' visibility rule (docs/media.md):
# public photos cached OCOP_MEDIA_MAX_AGE seconds; behind nginx, OCOP_MEDIA_ACCEL_REDIRECT names the internal
# location the view hands allowed files to (X-Accel-Redirect) instead of streaming them itself.
OCOP_MEDIA_MAX_AGE = int(os.environ.get("OCOP_MEDIA_MAX_AGE", str(365 * 24 * 3600)))
OCOP_MEDIA_ACCEL_REDIRECT = os.environ.get("OCOP_MEDIA_ACCEL_REDIRECT", "")
# Production (`make serve`, OCOP_STATIC_HASHED=1): files collected by collectstatic with a content hash in
# their names and gzip/brotli siblings, served by WhiteNoise from memory-mapped files with a year of
# `immutable` caching. Development and tests serve them straight from the apps (finders), unhashed.
OCOP_STATIC_HASHED = env_bool("OCOP_STATIC_HASHED", False)
WHITENOISE_USE_FINDERS = not OCOP_STATIC_HASHED
OCOP_HASHED_STATIC_STORAGE = "gis_app.core.static_storage.HashedStaticStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": OCOP_HASHED_STATIC_STORAGE if OCOP_STATIC_HASHED
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The province-level unit this deployment serves today (GSO code): Hồ Chí Minh City since 1 July 2025. Its
# predecessors (74, Bình Dương) are reached through the unit successions for earlier days (docs/settings.md).
OCOP_PROVINCE_CODE = os.environ.get("OCOP_PROVINCE_CODE", "79")
# The programme's area: the territory of this province-level unit, of any generation ("74": the former Bình
# Dương province, 91 old communes = 36 of today's wards and communes; "79": the whole of Hồ Chí Minh City).
# "Outside the area" checks and every wording that names the area follow it (gis_app/places/area.py).
OCOP_PROGRAMME_AREA = os.environ.get("OCOP_PROGRAMME_AREA", "74")

# Basemap: any XYZ tile URL; empty means no basemap (features still draw).
OCOP_TILES_URL = os.environ.get("OCOP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
OCOP_TILES_ATTRIBUTION = os.environ.get("OCOP_TILES_ATTRIBUTION", "© OpenStreetMap contributors")
# Public catalogue (docs/catalogue.md): the address printed in QR labels, canonical URLs and the sitemap (empty:
# the request's host), and the limits of uploaded photos.
OCOP_PUBLIC_URL = os.environ.get("OCOP_PUBLIC_URL", "")
OCOP_PHOTO_MAX_BYTES = int(os.environ.get("OCOP_PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))
OCOP_PHOTO_MAX_PIXELS = int(os.environ.get("OCOP_PHOTO_MAX_PIXELS", "40000000"))

from gis_app.core.basemap import tiles_attribution_lazy  # noqa: E402 (the attribution in the page's language)

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (11.1, 106.65),
    "DEFAULT_ZOOM": 10,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    "TILES": [(_("Basemap"), OCOP_TILES_URL, {"attribution": tiles_attribution_lazy()})]
    if OCOP_TILES_URL
    else [],
    "RESET_VIEW": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The day the registry's records are filed under: producers and sites are registered under the units in force
# on this day (the programme's pre-2025 communes); newer units are reached by succession. Reports do NOT use
# it: they group by the units of today unless asked for another day (gis_app/places/dates.py: report_day).
# OCOP_UNITS_AS_OF is its former name, still read (deprecated) when the new one is not set.
import datetime as _dt  # noqa: E402

if os.environ.get("OCOP_UNITS_AS_OF") and not os.environ.get("OCOP_REGISTRY_UNITS_ON"):
    import warnings as _warnings

    _warnings.warn("OCOP_UNITS_AS_OF is deprecated: set OCOP_REGISTRY_UNITS_ON (docs/settings.md).",
                   DeprecationWarning, stacklevel=1)
OCOP_REGISTRY_UNITS_ON = _dt.date.fromisoformat(
    os.environ.get("OCOP_REGISTRY_UNITS_ON") or os.environ.get("OCOP_UNITS_AS_OF") or "2025-06-30")

# Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial
# references; we never hand user-supplied SRS strings to GDAL (pyproj does transforms).
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
FORMS_URLFIELD_ASSUME_HTTPS = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "gis_app.core.errors.api_exception_handler",
    # JSON for every client, browsers included (gis_app/api/negotiation.py says why).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "gis_app.api.negotiation.JSONOnly",
    "DEFAULT_METADATA_CLASS": "gis_app.api.metadata.ResourceMetadata",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP-GIS API",
    "DESCRIPTION": "Spatial API of the OCOP registry (producers, products, evaluations, villages, sites, tours).",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The registry's moderation status (draft, submitted, published, rejected) by its own name: a tour's status
    # is another choice set (draft, published), also in the schema.
    "ENUM_NAME_OVERRIDES": {"PublicationStatusEnum": "gis_app.core.publishing.Status",
                            "TourStatusEnum": "gis_app.tours.models.Tour.Status"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gis_app.api.schema_hooks.add_error_responses",
    ],
}

# --- Hardening (docs/security.md). Every value comes from the environment. ---
# Behind HTTPS set DJANGO_SECURE=1: redirects to HTTPS, secure cookies and HSTS
# (DJANGO_HSTS_SECONDS, one year by default then). Off by default so that the
# loopback demo on http://127.0.0.1 works.
DJANGO_SECURE = env_bool("DJANGO_SECURE", False)
SECURE_SSL_REDIRECT = DJANGO_SECURE
SESSION_COOKIE_SECURE = DJANGO_SECURE
CSRF_COOKIE_SECURE = DJANGO_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if DJANGO_SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", DJANGO_SECURE)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Who may frame the officer map's embed view (/map/?embed=1), as a CSP frame-ancestors source list; every other
# page keeps frame-ancestors 'none'. The embed shows published data only and changes nothing.
OCOP_EMBED_ANCESTORS = os.environ.get("OCOP_EMBED_ANCESTORS", "*")
SESSION_COOKIE_HTTPONLY = True
OCOP_CSP = os.environ.get("OCOP_CSP", "")  # empty: the policy built in gis_app/core/security.py

# Rate limit of /api/, /tiles/, /ogc/ and /export/ per client address: "requests/seconds", "0" = off.
# Counters of the rate limiter and the login throttle live in their own cache, so that
# tests (and operators) can reset them without touching cached tiles. It is shared by every
# worker and server: Django's RedisCache on the job runner's Redis (REDIS_URL), keys under
# their own prefix (gis_app/core/cache.py; an unreachable Redis fails open).
CACHES = {
    # Tiles, extents: each process's memory in front of Redis (gis_app/core/tiered_cache.py), so that a worker
    # recycle or restart keeps them warm (#28). Keys carry the data version. The memory tier keeps
    # OCOP_CACHE_MAX_ENTRIES (LocMem's 300 were fewer than the tiles of one map session at a few zooms);
    # tiles are ≤ ~66 KB, ~20 KB typical. OCOP_ANSWER_CACHE_BACKEND=django.core.cache.backends.locmem.LocMemCache
    # keeps them per process only.
    "default": {
        "BACKEND": os.environ.get("OCOP_ANSWER_CACHE_BACKEND", "gis_app.core.tiered_cache.TieredCache"),
        "LOCATION": os.environ.get("OCOP_ANSWER_CACHE_LOCATION", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")),
        "KEY_PREFIX": "ocop-answers",
        "TIMEOUT": 3600,
        "OPTIONS": {"near_max_entries": int(os.environ.get("OCOP_CACHE_MAX_ENTRIES", "5000")),
                    "socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    },
    "ratelimit": {
        "BACKEND": os.environ.get("OCOP_RATELIMIT_CACHE_BACKEND", "gis_app.core.cache.SharedCounterCache"),
        "LOCATION": os.environ.get("OCOP_RATELIMIT_CACHE_LOCATION",
                                   os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")),
        "KEY_PREFIX": "ocop-limits",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
}
OCOP_RATE_LIMIT = os.environ.get("OCOP_RATE_LIMIT", "1200/60")
OCOP_RATE_LIMITED_PATHS = ("/api/", "/tiles/", "/ogc/", "/export/")
# Public read-only paths whose reads (GET/HEAD/OPTIONS) answer any origin (gis_app/core/cors.py, docs/partners.md).
OCOP_CORS_PATHS = ("/api/v1/", "/api/schema/", "/tiles/", "/ogc/", "/export/")
OCOP_TRUST_X_FORWARDED_FOR = env_bool("OCOP_TRUST_X_FORWARDED_FOR", False)
# Admin login: this many failures per user name and address lock that pair for the window.
OCOP_LOGIN_FAILURES = int(os.environ.get("OCOP_LOGIN_FAILURES", "5"))
OCOP_LOGIN_WINDOW = int(os.environ.get("OCOP_LOGIN_WINDOW", "900"))
# Password reset requests per client address and per e-mail address asked for: "requests/seconds", "0" = off.
OCOP_PASSWORD_RESET_RATE = os.environ.get("OCOP_PASSWORD_RESET_RATE", "5/3600")

# The site's account pages (gis_app/accounts/urls.py). A page that needs an account sends people to the site's
# login; after it they go back to ?next= (this site only) or where they work (gis_app/accounts/views.py).
LOGIN_URL = "login"
PASSWORD_RESET_TIMEOUT = int(os.environ.get("OCOP_PASSWORD_RESET_SECONDS", str(24 * 3600)))

# E-mail (password resets). Without EMAIL_HOST the messages are printed on the console (the demo); with it, sent
# through that SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS", True) else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OCOP-GIS <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Request and upload sizes.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))
OCOP_IMPORT_MAX_BYTES = int(os.environ.get("OCOP_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
# Imports (docs/imports.md): checked before the rows are read, or while streaming them.
OCOP_IMPORT_MAX_ROWS = int(os.environ.get("OCOP_IMPORT_MAX_ROWS", "200000"))
OCOP_IMPORT_MAX_VERTICES = int(os.environ.get("OCOP_IMPORT_MAX_VERTICES", "2000000"))
OCOP_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("OCOP_IMPORT_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024)))
OCOP_IMPORT_TIMEOUT = int(os.environ.get("OCOP_IMPORT_TIMEOUT", "1800"))  # seconds, a background job's limit
OCOP_IMPORT_MEMORY_MB = int(os.environ.get("OCOP_IMPORT_MEMORY_MB", "1024"))  # address space of an import job
OCOP_MAX_REQUEST_BYTES = int(os.environ.get("OCOP_MAX_REQUEST_BYTES", str(OCOP_IMPORT_MAX_BYTES + 1024 * 1024)))
# Geometries drawn, imported or edited: vertex count and geodesic area.
OCOP_MAX_VERTICES = int(os.environ.get("OCOP_MAX_VERTICES", "10000"))
OCOP_MAX_AREA_KM2 = float(os.environ.get("OCOP_MAX_AREA_KM2", "100"))

# Background jobs (gis_app/jobs, docs/jobs.md): RQ on Redis. `manage.py jobs_worker` runs them; make run and
# make serve start one. Tests run jobs in-process (tests/conftest.py) and one test drives a real RQ worker.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
OCOP_JOBS_ASYNC = os.environ.get("OCOP_JOBS_ASYNC", "1") == "1"
OCOP_JOBS_QUEUE = os.environ.get("OCOP_JOBS_QUEUE", "ocop")
OCOP_JOBS_KEY_PREFIX = os.environ.get("OCOP_JOBS_KEY_PREFIX", "ocop-job-")
OCOP_JOBS_TIMEOUT = int(os.environ.get("OCOP_JOBS_TIMEOUT", "1800"))  # seconds, unless a job asks for less

# The public near-me request as a server-side prepared statement (gis_app/api/nearme.py); turn it off
# behind a transaction-pooling proxy (pgbouncer in transaction mode), where prepared statements do not last.
OCOP_PREPARED_NEARME = env_bool("OCOP_PREPARED_NEARME", True)
