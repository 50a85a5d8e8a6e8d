"""Saying why a button is left out, or shown other than asked: once per reason and
request.

A page never fails because of a message button: a button that cannot be made is
left out with a warning on the ``wagtail_dm_button`` logger (and, under ``DEBUG``,
an HTML comment in its place). A page of 50 buttons on a deleted default account
has one reason 50 times, so while Django serves a request the warnings are
gathered and logged when it finishes (Django's ``request_finished`` signal): one
line per reason, with the number of buttons it concerns. Outside a request
(a management command, a template rendered by hand) each is logged at once.
"""

import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.utils.html import escape
from django.utils.safestring import mark_safe

logger = logging.getLogger("wagtail_dm_button")

#: The warnings of the request being served: ``{message: [count, exc_info]}``;
#: ``None`` outside one. A context variable, so each thread or task has its own.
_gathered = ContextVar("wagtail_dm_button_warnings", default=None)


class ButtonUnavailable(Exception):
    """Why no button can be made; the message is for the site's developers."""

    #: Whether the reason is worth a warning in the log.
    warns = True


class ClosedAndHidden(ButtonUnavailable):
    """The account is closed and hides its buttons until it opens: as it was told
    to, so no warning."""

    warns = False


def warn(message, exc_info=None):
    """Log ``message`` on the package's logger, once per request."""
    gathered = _gathered.get()
    if gathered is None:
        logger.warning(message, exc_info=exc_info)
    elif message in gathered:
        gathered[message][0] += 1
    else:
        gathered[message] = [1, exc_info]


def left_out(reason):
    """Report why a button is left out (a ``ButtonUnavailable``); under ``DEBUG``
    return an HTML comment saying it, for the button's place."""
    cause = reason.__cause__
    if reason.warns:
        warn(
            f"Message button left out: {reason}.",
            exc_info=(type(cause), cause, cause.__traceback__) if cause else None,
        )
    if not settings.DEBUG:
        return ""
    said = escape(str(reason)).replace("--", "- -")
    return mark_safe(f"<!-- Message button left out: {said}. -->")  # noqa: S308


def _start_gathering(**kwargs):
    _gathered.set({})


def _log_gathered(**kwargs):
    gathered = _gathered.get()
    _gathered.set(None)
    for message, (count, exc_info) in (gathered or {}).items():
        if count > 1:
            message = f"{message} ({count} buttons in this request)"
        logger.warning(message, exc_info=exc_info)


def connect():
    """Gather warnings while Django serves a request (called by the app's
    ``ready``)."""
    request_started.connect(_start_gathering, dispatch_uid=__name__)
    request_finished.connect(_log_gathered, dispatch_uid=__name__)
