"""Settings for the test suite: the production settings with a test-only key, over plain http
(the test client speaks http; the https settings are tested in production mode by running
`manage.py check --deploy` and a request in a subprocess with the production environment)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-" + "9f8e7d6c5b4a3210" * 3)
os.environ.setdefault("PORTAL_HTTPS", "false")

from sinosure_portal.settings import *  # noqa: E402,F403

# each test process counts its own requests (the suite's Redis db also carries Celery's queues,
# which clearing a shared cache would wipe); the rate tests clear this cache themselves
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# the webhook tests' receivers listen on 127.0.0.1 over plain http (production allows neither)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
