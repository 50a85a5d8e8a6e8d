"""The packaged button template's markup, kept for the process by everything a
button is made from.

A button's markup depends only on a few plain values: the account's channel,
recipient, display name, reference and label, the message, the label and status
it shows, its size and look, two of the site's settings, what its link counts, and
the language. ``rendering`` gathers those values afresh on every render (the
queries, translations, opening hours and message variables are made as before,
once per request) and, while the package's own template is in effect, asks here
for the markup made from them. A button whose values are unchanged gets the markup
made before; any change, an account edited in the admin or an account that has
just closed, makes another key and so new markup. Nothing is ever out of date, so
nothing needs clearing, and every process of a site can keep its own.

The markup also depends on the channel registry (a channel's icon, its rules); the
buttons kept are those of one registry, and another empties the store. And on the
translations its words were made with: where Django reloads them (a test's
``override_settings`` of the settings they are found by), the store is emptied too.

At most ``SIZE`` buttons are kept, a few hundred bytes each; when the store is
full, the one made first is forgotten. A button is looked up on every render, so
the look-up takes no lock: reading a dict is safe while another thread writes it
(one operation on a built-in dict is atomic, https://docs.python.org/3/faq/
library.html#what-kinds-of-global-value-mutation-are-thread-safe), and only
writes, which need several, take the lock.
"""

import threading

from django.core.signals import setting_changed

#: How many buttons' markup a process keeps at most.
SIZE = 2000

_lock = threading.Lock()
#: The registry the buttons were made under, and the buttons by key: one tuple,
#: so that a look-up reads the two together.
_store = (None, {})


def markup(key, registry, make):
    """The markup kept for ``key`` (a tuple of everything it is made from) under
    the channel ``registry``; else ``make()``'s, which is then kept."""
    global _store
    made_under, kept = _store
    if made_under is registry:
        found = kept.get(key)
        if found is not None:
            return found
    made = make()
    with _lock:
        if _store[0] is not registry:
            _store = (registry, {})
        kept = _store[1]
        kept[key] = made
        while len(kept) > SIZE:
            del kept[next(iter(kept))]
    return made


def connect():
    """Forget the buttons' markup where Django reloads its translations (called by
    the app's ``ready``)."""
    setting_changed.connect(_translations_changed, dispatch_uid=__name__)


def _translations_changed(*, setting, **kwargs):
    # The settings Django reloads its translations for: language_changed in
    # django/test/signals.py.
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        clear()


def clear():
    """Forget every button's markup."""
    with _lock:
        _store[1].clear()


def size():
    """How many buttons' markup are kept now."""
    return len(_store[1])
