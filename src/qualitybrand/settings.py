"""Django settings: everything operator-facing comes from `config.load_or_exit()`."""

from pathlib import Path

from qualitybrand import config as _config

CONFIG = _config.load_or_exit()
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts
QB_DEMO = CONFIG.demo
QB_TODAY = CONFIG.today
QB_USCC_STRICT = CONFIG.uscc_strict
QB_IMPORT_LIMITS = CONFIG.import_limits
QB_PORT = CONFIG.port

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "qualitybrand.core",
    "qualitybrand.accounts",
    "qualitybrand.registry",
    "qualitybrand.supervision",
    "qualitybrand.credit",
    "qualitybrand.complaints",
    "qualitybrand.tracing",
    "qualitybrand.recalls",
    "qualitybrand.risks",
    "qualitybrand.ledgers",
    "qualitybrand.indicators",
    "qualitybrand.planning",
    "qualitybrand.cultivation",
    "qualitybrand.campaigns",
    "qualitybrand.assignments",
    "qualitybrand.inspection",
    "qualitybrand.alerts",
    "qualitybrand.reports",
    "qualitybrand.portal",
    "qualitybrand.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qualitybrand.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qualitybrand.accounts.middleware.SessionSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "qualitybrand.core.middleware.NoStoreMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qualitybrand.core.not_allowed.MethodNotAllowedPageMiddleware",  # a page's GET-on-POST-only: Chinese 405 page
]

ROOT_URLCONF = "qualitybrand.urls"
WSGI_APPLICATION = "qualitybrand.wsgi.application"

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
                "qualitybrand.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {"default": CONFIG.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default": each process's own memory (in front); "shared": what every gunicorn worker and the task
# worker see (indicators/cache.py): the database cache table qb_cache (core/cache.py), or Redis (QB_REDIS_URL).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "qb-local",
                "OPTIONS": {"MAX_ENTRIES": 1000}},
    "shared": ({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CONFIG.redis_url}
               if CONFIG.redis_url else
               {"BACKEND": "qualitybrand.core.cache.SharedDatabaseCache", "LOCATION": "qb_cache",
                "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4}}),
}
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "qualitybrand.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "qualitybrand.accounts.passwords.CharacterClassValidator"},
]

# Login security (等保 2.0): configurable, defaults as assessors expect.
QB_LOCKOUT_ATTEMPTS = 5
QB_LOCKOUT_MINUTES = 30
QB_PASSWORD_EXPIRY_DAYS = 0  # 0: passwords do not expire
QB_IDLE_TIMEOUT_MINUTES = 30
QB_SESSION_MAX_HOURS = 12
QB_CHANGE_LOG_RETENTION_DAYS = 365
QB_API_TOKEN_DAYS = CONFIG.api_token_days  # an API token ends this many days after it was issued

SESSION_COOKIE_AGE = QB_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "qualitybrand.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script, style or event handler anywhere: pages pass data through `json_script`
# (type="application/json", which is not executed) or data- attributes, and every behaviour lives
# in a static file. The API docs use the split Swagger view (its script is a URL of its own).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
if CONFIG.secure:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed files once `collectstatic` has run (`make run`); plain files found in the
# apps otherwise (tests, a fresh checkout), so no page fails for want of a manifest.
_MANIFEST = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if _MANIFEST
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not _MANIFEST
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"  # never served directly: downloads go through views that check scope

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request body past this is answered 413 before it is read: the largest ledger file plus the form.
QB_MAX_UPLOAD_BYTES = (QB_IMPORT_LIMITS["upload_mb"] + 1) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# 迎检: the evidence package for the level above (inspection app) is refused past this total size,
# before anything is written.
INSPECTION_PACKAGE_MAX_BYTES = 200 * 1024 * 1024

QB_SMTP_URL = CONFIG.smtp_url  # the digest is e-mailed only when set (alerts/digest.py)
if CONFIG.smtp_url:
    from urllib.parse import unquote, urlparse

    _smtp = urlparse(CONFIG.smtp_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _smtp.hostname or "localhost"
    EMAIL_PORT = _smtp.port or (465 if _smtp.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_smtp.username or "")
    EMAIL_HOST_PASSWORD = unquote(_smtp.password or "")
    EMAIL_USE_SSL = _smtp.scheme == "smtps"
    EMAIL_USE_TLS = _smtp.scheme == "submission"
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "qualitybrand@localhost"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "qualitybrand.accounts.authentication.QBTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "qualitybrand.core.api_base.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "qualitybrand.core.parsers.ObjectJSONParser",
        "qualitybrand.core.parsers.CheckedFormParser",
        "qualitybrand.core.parsers.CheckedMultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["qualitybrand.core.filtering.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "qualitybrand.core.api_base.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "20000/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "质量强市与品牌战略综合管理平台 API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",  # no trailing slash: drf-spectacular adds one
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    # separate request components: what a client sends (no read-only fields) is not what it gets back
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets of issue 14 whose field names (kind, status, source, result, level) other resources use too
    "ENUM_NAME_OVERRIDES": {
        "TraceEventKindEnum": "qualitybrand.tracing.models.EVENT_KINDS",
        "RiskSourceEnum": "qualitybrand.risks.models.RiskSource",
        "RiskLevelEnum": "qualitybrand.risks.models.RiskLevel",
        "RiskStatusEnum": "qualitybrand.risks.models.RiskStatus",
        "RiskMeasureKindEnum": "qualitybrand.risks.models.MeasureKind",
        "ComplaintStatusEnum": "qualitybrand.complaints.models.Status",
        "ComplaintResultEnum": "qualitybrand.complaints.models.RESULTS",
        "FollowUpStatusEnum": "qualitybrand.supervision.models_followup.FollowUpStatus",
        "CampaignKindEnum": "qualitybrand.campaigns.models.CampaignKind",
        "CampaignStatusEnum": "qualitybrand.campaigns.models.CampaignStatus",
        "ConclusionEnum": "qualitybrand.registry.choices.CONCLUSIONS",
        "DocumentKindEnum": "qualitybrand.reports.models.DocumentKind",
        "DocumentStateEnum": "qualitybrand.reports.models.DocumentState",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "qualitybrand.core.api_schema.add_error_responses",
    ],
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"qualitybrand.security": {"level": "INFO"}},
}
