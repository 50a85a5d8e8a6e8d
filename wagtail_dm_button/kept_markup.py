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
buttons kept are those of one registry, and another empties the store.

At most ``SIZE`` buttons are kept, those used last, a few hundred bytes each.
"""

import threading
from collections import OrderedDict

#: How many buttons' markup a process keeps at most.
SIZE = 2000

_lock = threading.Lock()
_kept = OrderedDict()
_registry = None


def markup(key, registry, make):
    """The markup kept for ``key`` (a tuple of everything it is made from) under
    the channel ``registry``; else ``make()``'s, which is then kept."""
    global _registry
    with _lock:
        if registry is not _registry:
            _kept.clear()
            _registry = registry
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    made = make()
    with _lock:
        if registry is _registry:
            _kept[key] = made
            if len(_kept) > SIZE:
                _kept.popitem(last=False)
    return made


def clear():
    """Forget every button's markup."""
    with _lock:
        _kept.clear()


def size():
    """How many buttons' markup are kept now."""
    return len(_kept)
