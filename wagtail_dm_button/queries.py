"""Every database read that showing buttons needs, each made once per request.

The accounts a page's buttons open, their translations, the active locale and the
site's settings are read here and kept in the request's memo (``memo``), so a page
with 200 buttons makes the queries a page with two makes.

Where Wagtail's i18n is on, an account comes with its translations in the same
query, and a button shows the translation for the page's locale.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import translation

from wagtail.models import Locale, Site

from . import memo
from .models import MessageAccount, MessageButtonSettings


def i18n_enabled():
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


def site_settings(request=None):
    """The message button settings of the request's site; ``None`` if the site
    cannot be told.

    Without a request (``{{ page.body }}`` renders blocks with no context) the site
    is known only when there is just one.
    """
    if request is not None:
        return memo.remember(
            request, memo.SITE_SETTINGS, lambda: _settings_for_request(request)
        )
    sites = list(Site.objects.all()[:2])
    return MessageButtonSettings.for_site(sites[0]) if len(sites) == 1 else None


def _settings_for_request(request):
    try:
        return MessageButtonSettings.for_request(request)
    except MessageButtonSettings.DoesNotExist:
        return None  # The request matches no site.


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

    return memo.remember(request, (memo.SLUG, slug), find)


def localize(account, locale=None, request=None):
    """The account's translation for ``locale`` (the page's), else for the active
    language, else the account itself; only where Wagtail's i18n is on."""
    if not i18n_enabled() or account.pk is None:
        return account
    locale_id = locale.pk if locale is not None else _active_locale_id(request)
    if locale_id is None or account.locale_id == locale_id:
        return account
    translations = memo.memo_of(account).get(memo.TRANSLATIONS)
    if translations is None:
        translations = memo.remember(
            request,
            (memo.TRANSLATIONS, account.translation_key),
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
        memo.memo_of(account)[memo.TRANSLATIONS] = by_key[account.translation_key]
    return found


def _active_locale_id(request):
    def find():
        try:
            return Locale.get_active().pk
        except (LookupError, Locale.DoesNotExist):
            return None

    return memo.remember(
        request, (memo.ACTIVE_LOCALE, translation.get_language()), find
    )
