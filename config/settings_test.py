"""Test settings: fast hashing, cheap KDF, tasks run immediately."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("MELDESTELLE_RECEIPT_SALT", "test-receipt-salt")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
RECEIPT_KDF = {"iterations": 1, "memory_cost_kib": 64, "lanes": 1}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_COOKIES = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STATIC_ROOT = None  # served from the app directories in tests
WHITENOISE_USE_FINDERS = True
STAFF_KEY_KDF = {"iterations": 1, "memory_cost_kib": 64, "lanes": 1}
OPERATOR = {**OPERATOR, **DEMO_OPERATOR}  # noqa: F405 - the fictional operator of `make run`
