"""Finding the accounts buttons open, with as few queries as a page allows.

A page's buttons share a handful of accounts, so each look-up is made once per
request and kept on it, as Wagtail keeps a request's site settings: a page with
200 buttons makes the queries a page with two makes. Nothing is kept beyond the
request, so an account edited in the admin shows on the next page view.

Where Wagtail's i18n is on, an account comes with its translations in the same
query, and a button shows the translation for the page's locale.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import translation

from wagtail.models import Locale

from .models import MessageAccount

# Kept on the objects they belong to, as Wagtail keeps a request's site settings.
_LOOKUPS = "_wagtail_dm_button_lookups"  # on a request: its look-ups by key
_TRANSLATIONS = "_wagtail_dm_button_translations"  # on an account: by locale id
_MISSING = object()


def per_request(request, key, compute):
    """``compute()``, once per ``request`` and ``key``; every time without one."""
    if request is None:
        return compute()
    lookups = getattr(request, _LOOKUPS, None)
    if lookups is None:
        lookups = {}
        setattr(request, _LOOKUPS, lookups)
    found = lookups.get(key, _MISSING)
    if found is _MISSING:
        found = lookups[key] = compute()
    return found


def i18n_enabled():
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


def accounts_by_id(ids):
    """``{id: account}`` for these ids, in one query with their translations."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    if not i18n_enabled():
        return MessageAccount.objects.in_bulk(wanted)
    keys = MessageAccount.objects.filter(pk__in=wanted).values("translation_key")
    return {
        account.pk: account
        for account in _with_translations(keys)
        if account.pk in wanted
    }


def account_by_slug(slug, request=None):
    """The account with this slug, or ``None``. Where several share it (in
    different locales), the first by name, as the accounts are listed."""

    def find():
        if not i18n_enabled():
            return (
                MessageAccount.objects.filter(slug=slug).order_by("name", "pk").first()
            )
        keys = MessageAccount.objects.filter(slug=slug).values("translation_key")
        named = [
            account for account in _with_translations(keys) if account.slug == slug
        ]
        return min(named, key=lambda account: (account.name, account.pk), default=None)

    return per_request(request, ("slug", slug), find)


def localize(account, locale=None, request=None):
    """The account's translation for ``locale`` (the page's), else for the active
    language, else the account itself; only where Wagtail's i18n is on."""
    if not i18n_enabled() or account.pk is None:
        return account
    locale_id = locale.pk if locale is not None else _active_locale_id(request)
    if locale_id is None or account.locale_id == locale_id:
        return account
    translations = getattr(account, _TRANSLATIONS, None)
    if translations is None:
        translations = per_request(
            request,
            ("translations", account.translation_key),
            lambda: {
                each.locale_id: each
                for each in account.get_translations(inclusive=True)
            },
        )
    return translations.get(locale_id, account)


def _with_translations(translation_keys):
    """The accounts with these translation keys, each knowing the others."""
    found = list(MessageAccount.objects.filter(translation_key__in=translation_keys))
    by_key = defaultdict(dict)
    for account in found:
        by_key[account.translation_key][account.locale_id] = account
    for account in found:
        setattr(account, _TRANSLATIONS, by_key[account.translation_key])
    return found


def _active_locale_id(request):
    def find():
        try:
            return Locale.get_active().pk
        except (LookupError, Locale.DoesNotExist):
            return None

    return per_request(request, ("locale", translation.get_language()), find)
