"""Every database read that showing buttons and cards needs, each made once per
request.

The accounts and cards a page shows, their translations, the active locale, the
site's settings and avatars' renditions are read here and kept in the request's
memo (``memo``), so a page with 200 buttons makes the queries a page with two
makes.

Where Wagtail's i18n is on, an account comes with its translations in the same
query, and a button shows the translation for the page's locale.

Queries take the model they read (accounts, cards) from the caller, and look the
settings model up by name when they run (``apps.get_model``): the account chooser
block, which models.py builds a contact card's options from, reads its accounts
here, so this module imports no model.
"""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.utils import translation

from wagtail.blocks import StreamValue
from wagtail.models import Locale, Site

from . import kept_queries, memo


def _settings_model():
    return apps.get_model("wagtail_dm_button", "MessageButtonSettings")


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
    return _settings_model().for_site(sites[0]) if len(sites) == 1 else None


def _settings_for_request(request):
    settings_model = _settings_model()
    try:
        return settings_model.for_request(request)
    except settings_model.DoesNotExist:
        return None  # The request matches no site.


def of_site(model, site):
    """The site's row of ``model`` (the site's settings), or ``None`` where it has
    none yet, in one query."""
    found = kept_queries.objects(
        model,
        "of_site",
        lambda values: model._default_manager.filter(site_id=values[0]),
        (site.pk,),
        for_write=True,  # As Wagtail's get_or_create reads them.
    )
    return found[0] if found else None


def foreign(instance, name, using=None):
    """What ``instance``'s foreign key ``name`` points to, or ``None`` (also where
    that row is gone), as ``instance.<name>`` reads it and kept on the instance as
    that would be; its query's SQL compiled once per process (``kept_queries``).
    Read from the database ``using`` where given (where a join would have read it
    with the instance), else where the routers say for the instance."""
    field = instance._meta.get_field(name)
    if field.is_cached(instance):
        return field.get_cached_value(instance)
    value = getattr(instance, field.attname)
    found = None
    if value is not None:
        model = field.related_model
        target = field.target_field.attname
        found = kept_queries.objects(
            model,
            ("foreign", target),
            # The manager Django's descriptor reads it with; and its database,
            # unless ``using`` is given.
            lambda values: model._base_manager.filter(**{target: values[0]}),
            (value,),
            using=using,
            instance=instance,
        )
    related = found[0] if found else None
    field.set_cached_value(instance, related)
    return related


def by_id(model, ids, related=(), prefetch=(), using=None):
    """``{id: object}`` of ``model`` (accounts, cards) for these ids, in one query
    with their translations and the ``related`` objects each shows, and a query
    for each of ``prefetch`` (Django's ``prefetch_related``); from the database
    ``using``, else where the routers say."""
    wanted = tuple(sorted({pk for pk in ids if pk is not None}))
    if not wanted:
        return {}
    found = _chosen(model, "pk__in", wanted, related, prefetch, using)
    return {each.pk: each for each in found if each.pk in wanted}


def and_their_translations(instances):
    """The instances and the translations that came with them (``by_id``)."""
    found = {}
    for instance in instances:
        found[instance.pk] = instance
        for each in memo.memo_of(instance).get(memo.TRANSLATIONS, {}).values():
            found.setdefault(each.pk, each)
    return list(found.values())


def load_streams_together(instances, field_name):
    """Read the StreamField ``field_name`` of all ``instances`` at once: each block
    type converts the values of every instance together, as Wagtail does within
    one StreamField, so the choosers in them (a contact card's accounts) make one
    query for all the instances, not one each."""
    if not instances:
        return
    stream_block = instances[0]._meta.get_field(field_name).stream_block
    streams = [
        (instance, list(getattr(instance, field_name).raw_data))
        for instance in instances
    ]
    items = [item for _instance, stream in streams for item in stream]
    converted = {}
    for type_name in {item["type"] for item in items}:
        of_type = [item for item in items if item["type"] == type_name]
        values = stream_block.child_blocks[type_name].bulk_to_python(
            [item["value"] for item in of_type]
        )
        converted.update(zip(map(id, of_type), values, strict=True))
    for instance, stream in streams:
        children = [
            (item["type"], converted[id(item)], item.get("id")) for item in stream
        ]
        setattr(instance, field_name, StreamValue(stream_block, children))


def by_slug(model, slug, request=None, related=()):
    """The account or card with this slug, or ``None``, with the ``related``
    objects it shows. Where several share it (in different locales), the first by
    name, as they are listed."""
    return by_slugs(model, [slug], request, related)[slug]


def by_slugs(model, slugs, request=None, related=()):
    """``{slug: object or None}`` (``by_slug``) for these slugs, each read once per
    request: those the request has not read yet come in one query."""
    kept = memo.memo_of(request) if request is not None else {}

    def key(slug):
        return (memo.SLUG, model._meta.label, slug)

    unread = tuple(sorted({slug for slug in slugs if key(slug) not in kept}))
    if unread:
        found = _chosen(model, "slug__in", unread, related)
        for slug in unread:
            named = [each for each in found if each.slug == slug]
            kept[key(slug)] = min(
                named, key=lambda each: (each.name, each.pk), default=None
            )
    return {slug: kept[key(slug)] for slug in slugs}


def localize(instance, locale=None, request=None, language=None):
    """The translation of an account or card for ``locale`` (the page's), else for
    the active language (``language``, where the caller has it), else the instance
    itself; only where Wagtail's i18n is on."""
    if not i18n_enabled() or instance.pk is None:
        return instance
    locale_id = (
        locale.pk if locale is not None else _active_locale_id(request, language)
    )
    if locale_id is None or instance.locale_id == locale_id:
        return instance
    translations = memo.memo_of(instance).get(memo.TRANSLATIONS)
    if translations is None:
        translations = memo.remember(
            request,
            (memo.TRANSLATIONS, instance._meta.label, instance.translation_key),
            lambda: {
                each.locale_id: each
                for each in instance.get_translations(inclusive=True)
            },
        )
    return translations.get(locale_id, instance)


def avatar(card, spec, request=None):
    """The rendition of a contact card's avatar for ``spec``, once per request and
    image: Wagtail looks a rendition up with a query each time."""
    return memo.remember(
        request,
        (memo.RENDITION, card.avatar_id, spec),
        lambda: card.avatar.get_rendition(spec),
    )


def _with_related(model, related):
    """``model``'s objects, each with the ``related`` objects it shows, in the
    same query. (``select_related()`` with no name would follow every foreign key,
    and Django deprecates it.)"""
    objects = model._default_manager.all()
    return objects.select_related(*related) if related else objects


def _chosen(model, lookup, values, related=(), prefetch=(), using=None):
    """The objects of ``model`` whose ``lookup`` (``pk__in``, ``slug__in``) is one
    of ``values``, with the ``related`` objects each shows and, where Wagtail's
    i18n is on, their translations, each knowing the others: one query, its SQL
    compiled once per process (``kept_queries``), and one for each of
    ``prefetch``; from the database ``using``, else where the routers say."""
    translated = i18n_enabled()

    def make(values):
        chosen = _with_related(model, related).filter(**{lookup: values})
        return _and_translations(model, related, chosen) if translated else chosen

    found = kept_queries.objects(
        model, (lookup, tuple(related), translated), make, values, prefetch, using=using
    )
    if translated:
        _link_translations(found)
    return found


def _and_translations(model, related, chosen):
    """The ``chosen`` objects (a queryset) and their translations, in one query."""
    keys = chosen.values("translation_key")
    return _with_related(model, related).filter(translation_key__in=keys)


def _link_translations(found):
    """Let each of the objects found know its translations among them."""
    by_key = defaultdict(dict)
    for each in found:
        by_key[each.translation_key][each.locale_id] = each
    for each in found:
        memo.memo_of(each)[memo.TRANSLATIONS] = by_key[each.translation_key]


def _active_locale_id(request, language=None):
    def find():
        try:
            return Locale.get_active().pk
        except (LookupError, Locale.DoesNotExist):
            return None

    language = translation.get_language() if language is None else language
    return memo.remember(request, (memo.ACTIVE_LOCALE, language), find)
