"""WSGI entry point (``gunicorn helpfirst.site.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpfirst.site.settings")
application = get_wsgi_application()
