"""Purging page caches when what pages show changes: a CDN
(``wagtail.contrib.frontend_cache``) and wagtail-cache's server-side page cache
(``wagtailcache``, as CodeRed CMS sites have it).

Saving or deleting an account or a contact card purges, in one batch, the live
pages that show it, found through Wagtail's reference index: the pages whose
blocks choose it, every page of the sites whose default account or floating card
it is, and for an account, the pages that show a card offering it. Saving a site's
settings purges that site's live pages.
Connected only when one of the two apps is installed; each is told only when it
is.
"""

import re
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import ReferenceIndex, Site

from .models import ContactCard, MessageAccount, MessageButtonSettings
from .page_model import page_model


def pages_showing(shown):
    """The live pages that show an account or a card, or one of its translations
    (a page in another language shows the translation of what it chose): those
    whose blocks choose it, every page of the sites whose settings name it, and
    the pages showing a card that offers it."""
    by_model = {}
    for each in shown.get_translations(inclusive=True):
        references = ReferenceIndex.get_references_to(each)
        for content_type_id, object_id in references.values_list(
            "base_content_type", "object_id"
        ).distinct():
            by_model.setdefault(content_type_id, set()).add(object_id)
    Page = page_model()
    pages = Page.objects.none()
    for content_type_id, object_ids in by_model.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and issubclass(model, Page):
            pages |= Page.objects.filter(pk__in=object_ids)
        elif model is MessageButtonSettings:
            for site in Site.objects.filter(
                pk__in=MessageButtonSettings.objects.filter(pk__in=object_ids).values(
                    "site"
                )
            ):
                pages |= site_pages(site)
        elif model is ContactCard:
            for card in ContactCard.objects.filter(pk__in=object_ids):
                pages |= pages_showing(card)
    return pages.live()


def site_pages(site):
    return page_model().objects.descendant_of(site.root_page, inclusive=True)


def purge(pages):
    pages = list(pages.specific())
    if not pages:
        return
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch()
        batch.add_pages(pages)
        if batch.urls:
            batch.purge()
    if apps.is_installed("wagtailcache"):
        from wagtailcache.cache import clear_cache

        # Patterns matched against the absolute URLs it keeps pages under, by
        # path on any host (a site may answer to more than one host name) and
        # with any query string; an empty list would clear the whole cache.
        paths = {urlsplit(page.get_full_url() or "").path for page in pages} - {""}
        if paths:
            clear_cache(
                [rf"^[a-z]+://[^/]+{re.escape(path)}(\?.*)?$" for path in paths]
            )


def purge_pages_showing(sender, instance, **kwargs):
    pages = list(pages_showing(instance).values_list("pk", flat=True))
    transaction.on_commit(lambda: purge(page_model().objects.filter(pk__in=pages)))


def purge_site_pages(sender, instance, **kwargs):
    transaction.on_commit(lambda: purge(site_pages(instance.site).live()))


def connect():
    for model in (MessageAccount, ContactCard):
        post_save.connect(purge_pages_showing, sender=model)
        # Before it and its references go: afterwards nothing points to it.
        pre_delete.connect(purge_pages_showing, sender=model)
    post_save.connect(purge_site_pages, sender=MessageButtonSettings)
    post_delete.connect(purge_site_pages, sender=MessageButtonSettings)
