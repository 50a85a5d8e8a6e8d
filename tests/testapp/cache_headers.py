from django.conf import settings


class CacheHeaders:
    """Gives responses the ``Cache-Control`` and ``Expires`` a test sets
    (``TEST_CACHE_HEADERS``), as a CDN's rules or a project's middleware would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for header, value in getattr(settings, "TEST_CACHE_HEADERS", {}).items():
            response[header] = value
        return response
