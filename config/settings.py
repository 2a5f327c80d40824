"""Settings for every deployment, read from the environment.

Production (DJANGO_DEBUG unset) refuses to start without its secrets; only
`make run` switches DEBUG on, and then uses clearly-marked development secrets.
"""

import os
from pathlib import Path

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG", default=False)

_DEV_ONLY = "development-only-not-secret"
SECRET_KEY = env("DJANGO_SECRET_KEY") or (f"{_DEV_ONLY}-key" if DEBUG else None)
# Former keys, comma-separated, while a new DJANGO_SECRET_KEY takes over: sessions stay
# valid and the receipt-settings check is keyed anew (web/readiness.py).
SECRET_KEY_FALLBACKS = [k for k in (env("DJANGO_SECRET_KEY_FALLBACKS") or "").split(",") if k]
# Salt for the receipt-code KDF. Changing it makes every receipt code unusable.
RECEIPT_SALT = env("MELDESTELLE_RECEIPT_SALT") or (f"{_DEV_ONLY}-salt" if DEBUG else None)
# Key for the keyed hash of client addresses used by rate limiting (cache only).
CLIENT_HASH_KEY = env("MELDESTELLE_CLIENT_HASH_KEY") or SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
if not RECEIPT_SALT:
    raise ImproperlyConfigured("MELDESTELLE_RECEIPT_SALT must be set when DJANGO_DEBUG is off.")
if not DEBUG and (SECRET_KEY.startswith(_DEV_ONLY) or RECEIPT_SALT.startswith(_DEV_ONLY)):
    raise ImproperlyConfigured("Development secrets must not be used with DJANGO_DEBUG off.")

ALLOWED_HOSTS = [h for h in (env("DJANGO_ALLOWED_HOSTS") or "").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = [o for o in (env("DJANGO_CSRF_TRUSTED_ORIGINS") or "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "reporting",
    "api",
    "frontend",
]

MIDDLEWARE = [
    # First: nothing below it ever sees the client's address or browser.
    "web.client_privacy.ClientPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "frontend.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "web.keysession.OrphanKeyCookieMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "performance.otp_middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "frontend.errors.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Django's form markup written in Python (same output): see frontend/form_renderer.py.
FORM_RENDERER = "frontend.form_renderer.StockMarkupRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.languages",
                "frontend.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bulk batches within the server's parameter limit; a health check without a query.
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Parameters bound on the server, so a query repeated on a kept connection is
        # planned once (half the server's work when opening a case: docs/decisions.md).
        # Turn off behind a transaction-pooling PgBouncer, which cannot keep them.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared between processes: the database by default, Redis when configured.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            # Degrades instead of failing when Redis is down (performance/cache.py).
            "BACKEND": "performance.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            # A Redis that hangs must not hold a submission for longer than this.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "performance.cache.DatabaseCache",
            "LOCATION": "meldestelle_cache",
        }
    }

AUTHENTICATION_BACKENDS = ["performance.auth_backend.StaffModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Public languages. Arabic, Persian, Dari, Pashto and Sorani are right-to-left
# (LANGUAGES_BIDI, from LANG_INFO's bidi flags).
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("vi", "Tiếng Việt"),
    ("cs", "Čeština"),
    ("tr", "Türkçe"),
    ("kmr", "Kurmancî"),
    ("ckb", "کوردی (سۆرانی)"),
    ("fa-af", "دری"),
    ("ps", "پښتو"),
    ("de-ls", "Leichte Sprache"),
]
# Languages Django does not know (or variants of one it does), merged into its
# LANG_INFO so that get_language_info(), the language chooser and LANGUAGES_BIDI see
# them. The names are msgids of our catalogues (the statistics show them translated).
# "html_lang" is the tag the page declares when the code itself is not a valid one for
# browsers and screen readers; "hreflang": None keeps a variant out of the
# search-engine alternates (docs/decisions.md, "Leichte Sprache").
EXTRA_LANG_INFO = {
    "fa-af": {"bidi": True, "code": "fa-af", "name": gettext_noop("Dari"), "name_local": "دری"},
    "ps": {"bidi": True, "code": "ps", "name": gettext_noop("Pashto"), "name_local": "پښتو"},
    "kmr": {
        "bidi": False,
        "code": "kmr",
        "name": gettext_noop("Kurdish (Kurmanji)"),
        "name_local": "Kurmancî",
    },
    "ckb": {
        "bidi": True,
        "code": "ckb",
        "name": gettext_noop("Kurdish (Sorani)"),
        "name_local": "کوردی (سۆرانی)",
    },
    "de-ls": {
        "bidi": False,
        "code": "de-ls",
        "name": gettext_noop("German (easy language)"),
        "name_local": "Leichte Sprache",
        "html_lang": "de",
        "hreflang": None,
    },
}
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
# One source for the direction: the template's dir="rtl" and get_language_info() agree.
LANGUAGES_BIDI = [code for code, _name in LANGUAGES if django.conf.locale.LANG_INFO[code]["bidi"]]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats for languages Django has none for (config/formats/<code>/).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Nothing is stored here any more (attachments are in the database): only migration
# 0020 reads the sealed files of earlier versions from it, and deletes them.
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Sessions exist only after a receipt login or a staff login: public pages set no cookie.
SESSION_ENGINE = "performance.sessions"
SESSION_COOKIE_AGE = env_int("MELDESTELLE_SESSION_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SECURE_COOKIES = env_bool("MELDESTELLE_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
LANGUAGE_COOKIE_NAME = "unused_language_cookie"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("MELDESTELLE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("MELDESTELLE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# `preload` lets the domain be submitted to the browsers' HSTS preload list, so even a
# reporter's first visit cannot be downgraded to plain HTTP on a hostile network
# (`check --deploy`, security.W021). The header alone changes nothing until someone
# submits the registrable domain; a listed domain commits every subdomain to HTTPS.
# MELDESTELLE_HSTS_PRELOAD=0 leaves it out (docs/operations.md).
SECURE_HSTS_PRELOAD = env_bool("MELDESTELLE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies append to X-Forwarded-For in front of the app (0: none).
TRUSTED_PROXY_COUNT = env_int("MELDESTELLE_TRUSTED_PROXY_COUNT", 0)

DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.SafeJSONParser"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Meldestelle API",
    "DESCRIPTION": "Anonymous discrimination reports (public) and case work (staff).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.staff.permissions.IsVerifiedStaffOrDebug"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": LANGUAGES,
        "DistrictEnum": "reporting.vocabulary.taxonomy.District",
        "GroundEnum": "reporting.vocabulary.taxonomy.Ground",
        "AreaEnum": "reporting.vocabulary.taxonomy.Area",
        "FormEnum": "reporting.vocabulary.taxonomy.Form",
        "IncidentTypeEnum": "reporting.vocabulary.taxonomy.IncidentType",
        "ActorEnum": "reporting.vocabulary.documentation.Actor",
        "ConsequenceEnum": "reporting.vocabulary.documentation.Consequence",
        "CounsellingOutcomeEnum": "reporting.vocabulary.documentation.CounsellingOutcome",
        "InterventionKindEnum": "reporting.vocabulary.documentation.InterventionKind",
        "InterventionKindByHandEnum": "reporting.vocabulary.documentation.RECORDED_BY_HAND",
        "CaseStatusEnum": "reporting.models.cases.CaseStatus",
        "ReferralStatusEnum": "reporting.models.referrals.Referral.Status",
        "ReferralOutcomeEnum": "reporting.models.referrals.Referral.Outcome",
        "AggScopeEnum": "reporting.vocabulary.agg.AggScope",
        "AggScopeSettingEnum": "reporting.vocabulary.agg.AGG_SETTING_CHOICES",
        "DeadlineKindEnum": "reporting.vocabulary.deadlines.DeadlineKind",
        "DueFilterEnum": "reporting.vocabulary.deadlines.DueFilter",
        "CaseLinkEnum": "reporting.models.cases.CaseLink",
        "ReferralStepStatusEnum": [
            ("ACCEPTED", "Accepted"),
            ("DECLINED", "Declined"),
            ("CLOSED", "Closed"),
        ],
    },
}

TASKS = {
    "default": {
        "BACKEND": env("MELDESTELLE_TASK_BACKEND") or "django_tasks_db.DatabaseBackend",
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL") or "meldestelle@localhost"
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend), e.g. the mail
# catcher of docker-compose.yml in development.
EMAIL_HOST = env("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend)
# writes each mail into this folder; `make prod-smoke` reads its notification there.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH") or None
# django-anymail in production (EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend):
# every ANYMAIL_<NAME> environment variable becomes ANYMAIL["<NAME>"], e.g.
# ANYMAIL_MAILGUN_API_KEY -> ANYMAIL["MAILGUN_API_KEY"].
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}

# Argon2id cost for receipt codes: OWASP's recommended minimum (19 MiB, t=2, p=1); its
# time per call is in BENCHMARKS.md. The code's 10^16 space carries the
# security; see docs/decisions.md for the trade-off.
RECEIPT_KDF = {
    "iterations": env_int("MELDESTELLE_RECEIPT_KDF_ITERATIONS", 2),
    "memory_cost_kib": env_int("MELDESTELLE_RECEIPT_KDF_MEMORY_KIB", 19 * 1024),
    "lanes": 1,
}

RATE_LIMITS = {
    # name: (max events, window seconds)
    "report_submit": (env_int("MELDESTELLE_SUBMIT_LIMIT", 10), 3600),
    "receipt_login_failure": (env_int("MELDESTELLE_RECEIPT_FAILURE_LIMIT", 10), 900),
    "public_message": (30, 3600),
}

# Logging never includes request objects: the privacy middleware has already
# removed addresses, and no handler here formats request metadata.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        # pypdf's warnings about a reporter's PDF can quote objects from it (names too).
        "pypdf": {"handlers": [], "propagate": False},
    },
}
ADMINS = []

# Argon2id cost for wrapping a staff user's private key under their password.
STAFF_KEY_KDF = {
    "iterations": env_int("MELDESTELLE_STAFF_KDF_ITERATIONS", 3),
    "memory_cost_kib": env_int("MELDESTELLE_STAFF_KDF_MEMORY_KIB", 64 * 1024),
    "lanes": 1,
}
LOGIN_FAILURES_BEFORE_LOCK = 5
LOGIN_LOCK_MINUTES = 15
LOGIN_URL = "office:login"

# Attachments from reporters (images and PDF), sealed before they touch storage.
ATTACHMENT_MAX_FILES = env_int("MELDESTELLE_ATTACHMENT_MAX_FILES", 5)
ATTACHMENT_MAX_BYTES = env_int("MELDESTELLE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Checked from the image header before any pixel is decoded (a 10 KB PNG can declare
# 80 MP). One image at the limit takes 1-2 s (WebP longest) and 0.4-0.6 GB to re-encode
# on an idle 2-core machine, so a form's five stay inside gunicorn's 30 s timeout.
ATTACHMENT_MAX_PIXELS = env_int("MELDESTELLE_ATTACHMENT_MAX_PIXELS", 40_000_000)
ATTACHMENT_MAX_IMAGE_SIDE = env_int("MELDESTELLE_ATTACHMENT_MAX_IMAGE_SIDE", 12_000)
ATTACHMENT_MAX_PDF_PAGES = env_int("MELDESTELLE_ATTACHMENT_MAX_PDF_PAGES", 300)
# Uploads stay in memory: a temporary file on disk would hold the plaintext.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_FILES * ATTACHMENT_MAX_BYTES + 1024 * 1024
MAX_REQUEST_BYTES = FILE_UPLOAD_MAX_MEMORY_SIZE + DATA_UPLOAD_MAX_MEMORY_SIZE
SITE_URL = env("MELDESTELLE_SITE_URL") or "http://127.0.0.1:8000"

# The name an authenticator app shows next to the account it holds a code for.
OTP_TOTP_ISSUER = "Meldestelle"

# Who runs the service (DESIGN §9): named in the footer of every public page, the
# Impressum and the privacy notice. Configuration, never code, so that a successor
# operator takes over by changing the environment (`check --deploy` warns while the
# legally required parts are missing). `make run` (DEBUG) shows a fictional operator.
DEMO_OPERATOR = {
    "name": "Beispielverein für Antidiskriminierung e. V. (fiktiv)",
    "address": "Beispielweg 12, 01099 Dresden",
    "email": "kontakt@beispielverein.example",
    "phone": "0351 000000",
    "representative": "Vorstand: Erika Mustermann, Max Mustermann (fiktiv)",
    "register": "Vereinsregister beim Amtsgericht Dresden, VR 0000 (fiktiv)",
    "content_responsible": "",
    "dpo": "Datenschutzbeauftragte des Beispielvereins (fiktiv), Beispielweg 12, 01099 Dresden",
    "dpo_email": "datenschutz@beispielverein.example",
    "supervisory_authority": "Landesdatenschutzaufsicht (fiktiv), Beispielplatz 1, 01097 Dresden",
    "supervisory_authority_url": "https://datenschutzaufsicht.example",
    "counselling_team": "Beratungsteam des Beispielvereins (fiktiv)",
}
_operator_from_env = {
    "name": env("MELDESTELLE_OPERATOR_NAME"),
    "address": env("MELDESTELLE_OPERATOR_ADDRESS"),
    "email": env("MELDESTELLE_OPERATOR_EMAIL"),
    "phone": env("MELDESTELLE_OPERATOR_PHONE"),
    "representative": env("MELDESTELLE_OPERATOR_REPRESENTATIVE"),
    "register": env("MELDESTELLE_OPERATOR_REGISTER"),
    "content_responsible": env("MELDESTELLE_OPERATOR_CONTENT_RESPONSIBLE"),
    "dpo": env("MELDESTELLE_DPO"),
    "dpo_email": env("MELDESTELLE_DPO_EMAIL"),
    "supervisory_authority": env("MELDESTELLE_SUPERVISORY_AUTHORITY"),
    "supervisory_authority_url": env("MELDESTELLE_SUPERVISORY_AUTHORITY_URL"),
    "counselling_team": env("MELDESTELLE_COUNSELLING_TEAM"),
}
OPERATOR = {
    **dict.fromkeys(_operator_from_env, ""),
    **(DEMO_OPERATOR if DEBUG else {}),
    **{key: value for key, value in _operator_from_env.items() if value},
}
# Working days within which the counselling team usually answers a report.
RESPONSE_DAYS = env_int("MELDESTELLE_RESPONSE_DAYS", 5)
# Months within which a claim under the AGG must be raised in writing (§ 15 (4) AGG);
# reporters who chose work, housing or goods and services are told.
AGG_CLAIM_MONTHS = env_int("MELDESTELLE_AGG_CLAIM_MONTHS", 2)
# Periods of case deadlines in months (reporting.vocabulary.deadlines), from the
# environment so that an operator changes them without a release; deadlines already
# recorded keep the period they were recorded with. The AGG period is the one the public
# pages name.
DEADLINE_PERIOD_MONTHS = {
    "AGG_CLAIM": AGG_CLAIM_MONTHS,
    "OBJECTION": env_int("MELDESTELLE_DEADLINE_OBJECTION_MONTHS", 1),
    "COURT_ACTION": env_int("MELDESTELLE_DEADLINE_COURT_ACTION_MONTHS", 3),
}
# Institution matching (issue 19): how many different reporters (the asking case's own
# included; a duplicate is not another reporter) must name an institution before a
# caseworker learns that other organisations' cases name it too. Below it nothing is
# disclosed, so typing a name on a case does not probe for a single other report.
INSTITUTION_MATCH_THRESHOLD = max(2, env_int("MELDESTELLE_INSTITUTION_MATCH_THRESHOLD", 2))
# Where the "Quick exit" button on every public page leads: a neutral site that a person
# looking over the reporter's shoulder would not remark on.
QUICK_EXIT_URL = env("MELDESTELLE_QUICK_EXIT_URL") or "https://www.wikipedia.org/"
# Languages whose texts a native speaker (for Leichte Sprache: a Prüfgruppe) has
# checked, comma-separated; public pages in any other say that they are unchecked.
# English is the source, German the team's own wording (docs/translations.md).
REVIEWED_LANGUAGES = [
    code.strip() for code in (env("MELDESTELLE_REVIEWED_LANGUAGES") or "de,en").split(",")
]

# Retention (DESIGN §6): content of cases closed longer than this is destroyed;
# the clear statistical columns stay.
RETENTION_CLOSED_CASE_DAYS = env_int("MELDESTELLE_RETENTION_CLOSED_CASE_DAYS", 2 * 365)
# A case nobody has worked on for this long is closed and its content destroyed; the
# association's administrators are told 30 days before (docs/retention.md).
RETENTION_INACTIVE_CASE_DAYS = env_int("MELDESTELLE_RETENTION_INACTIVE_CASE_DAYS", 2 * 365)
# A task still RUNNING after this long belongs to a worker that died: run it again.
TASK_STALE_AFTER_MINUTES = env_int("MELDESTELLE_TASK_STALE_AFTER_MINUTES", 15)
