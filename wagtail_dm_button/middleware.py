"""Keeping caches from holding a page past its buttons' next opening or closing.

``OpeningHoursMiddleware`` lowers the response's ``Cache-Control`` ``max-age`` and
``s-maxage`` to the seconds until the earliest opening or closing among the
accounts whose buttons the page showed. It never raises them, adds neither where
the response has none, and leaves responses with no button with hours alone. An
``Expires`` later than the change is brought forward with them.

The seconds are also kept on the response (``CHANGE_IN``) for a server-side page
cache that decides its own timeout: wagtail-cache's ``is_response_cacheable`` hook
(wagtail_hooks.py) gives it that cap.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.utils.http import http_date, parse_http_date_safe

from . import hours
from .hours import CHANGE_IN


class OpeningHoursMiddleware:
    """Put it in ``MIDDLEWARE`` above any middleware that sets ``Cache-Control``
    (so it sees their values), and below cache middleware such as Django's or
    wagtail-cache's ``UpdateCacheMiddleware`` (which then sees the lowered ones);
    the README shows where."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        return cap(request, self.get_response(request))

    async def __acall__(self, request):
        return cap(request, await self.get_response(request))


def cap(request, response):
    """``response``, kept by caches no longer than until the request's buttons
    change."""
    seconds = hours.seconds_until_change(request)
    if seconds is None:
        return response
    now = hours.now()
    setattr(response, CHANGE_IN, seconds)
    hours.cap_cache_control(response, seconds)
    expires = parse_http_date_safe(response.get("Expires", ""))
    if expires is not None and expires > now.timestamp() + seconds:
        response["Expires"] = http_date(now.timestamp() + seconds)
    return response
