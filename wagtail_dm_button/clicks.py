"""First-party click counts: the view a counted message link leads to.

On a site that counts clicks (Settings → Message buttons), message links point at
``go`` with a signed token (``tokens``). ``go`` sends the visitor on, with a 302,
to the link the account's channel builds now, from the account as it is at the
moment of the click (its recipient, its opening hours and fallback), and counts
one click in ``ClickCount`` for that day, site, page, account, channel and
source. Nothing about the visitor is stored, and the response sets no cookie.

Not counted (though sent on all the same): ``HEAD`` requests, prefetches,
crawlers and requests with no user agent; nor anything while the site no longer
counts clicks. A token that was changed, made for another site, or names an
account that no longer exists is a 404.
"""

import datetime as dt
import functools
from urllib.parse import urlsplit

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.db.models import F
from django.db.models.signals import pre_delete
from django.http import Http404, HttpResponseRedirect
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Site

from . import tokens
from .channels import ALLOWED_SCHEMES
from .models import ClickCount, MessageAccount, MessageButtonSettings
from .page_model import page_model
from .rendering import link_now
from .reporting import ButtonUnavailable, warn

#: A maintained list of crawlers' user agents (CrawlerDetect, from
#: https://github.com/JayBizzle/Crawler-Detect), kept once: it caches its answers.
CRAWLERS = CrawlerDetect()


class ChannelRedirect(HttpResponseRedirect):
    """A redirect to a channel's link: Django allows only http, https and ftp
    (``HttpResponseRedirect.allowed_schemes``); channels build https, mailto and
    sms links, and nothing else reaches here."""

    allowed_schemes = [scheme.split(":")[0] for scheme in ALLOWED_SCHEMES]


@transaction.non_atomic_requests
@require_safe
def go(request, token):
    """Send the visitor to the link a counted message link stands for, counting
    the click."""
    click = tokens.read(token)
    if click is None or not _serves(click.site_id, request):
        raise Http404("This message link is not one of this site's.")
    account = _account(click.account_id)
    if account is None:
        raise Http404("The account this message link opened no longer exists.")
    try:
        channel, href = link_now(
            account, click.text, request, find_page=lambda: _page(click.page_id)
        )
    except ButtonUnavailable as reason:
        raise Http404(f"This message link cannot be followed: {reason}") from None
    if _counts(request):
        try:
            record(click, channel=channel.key)
        except DatabaseError as error:  # The visitor is sent on all the same.
            warn(f"A message click could not be counted: {error!r}")
    response = ChannelRedirect(href)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _page(pk):
    """The page a counted link was on, for its message's variables; ``None``
    once deleted."""
    if pk is None:
        return None
    return page_model().objects.filter(pk=pk).first()


def _account(pk):
    """The account a token names, if it still exists: ``Manager.raw`` rather than
    ``MessageAccount.objects.get``, which took twice as long to build its query
    as the whole redirect takes otherwise (``benchmarks/bench.py --only clicks``).
    """
    alias = router.db_for_read(MessageAccount)
    statement = _account_sql(alias)
    return next(iter(MessageAccount.objects.using(alias).raw(statement, [pk])), None)


@functools.cache
def _account_sql(alias):
    quote = connections[alias].ops.quote_name
    table = quote(MessageAccount._meta.db_table)
    # Only the model's own names, quoted, are written into it; the key is a parameter.
    return f"SELECT * FROM {table} WHERE {quote(MessageAccount._meta.pk.column)} = %s"  # noqa: S608


def _serves(site_id, request):
    """Whether the site a token names is the one serving the request.

    Wagtail's own look-up (``Site.find_for_request``) makes a query; its cached
    root paths decide it at once in the cases its ``get_site_for_hostname``
    settles by hostname: a site with the request's hostname and port is the
    one, and else a hostname only one site has is that site's, the default
    site or not, whatever the port.
    """
    hostname = split_domain_port(request.get_host())[0]
    port = int(request.get_port())
    on_hostname = set()
    for root in Site.get_site_root_paths():
        url = urlsplit(root.root_url)
        # As Wagtail compares it, exactly (``urlsplit`` would lower its case).
        stored = url.netloc.rsplit(":", 1)[0] if url.port is not None else url.netloc
        if stored == hostname:
            default_port = 443 if url.scheme == "https" else 80
            if (url.port if url.port is not None else default_port) == port:
                return root.site_id == site_id
            on_hostname.add(root.site_id)
    if len(on_hostname) == 1:
        return on_hostname == {site_id}
    site = Site.find_for_request(request)
    return site is not None and site.pk == site_id


def _site_counts(site_id):
    """Whether the site still counts clicks (Settings → Message buttons)."""
    return MessageButtonSettings.objects.filter(
        site_id=site_id, count_clicks=True
    ).exists()


def _counts(request):
    """Whether the request is a visitor following the link: a ``GET``, not a
    prefetch (``Sec-Purpose: prefetch``, or ``Purpose: prefetch`` from older
    browsers: https://developer.mozilla.org/docs/Web/HTTP/Headers/Sec-Purpose),
    not a crawler."""
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose", "")
    if "prefetch" in purpose.lower():
        return False
    agent = request.headers.get("User-Agent", "").strip()
    # No user agent at all: a script, not a browser.
    return bool(agent) and not CRAWLERS.is_crawler(agent)


def record(click, *, channel):
    """One click more, if its site counts clicks (Settings → Message buttons).

    Every click but a row's first of the day is one statement, an ``UPDATE``
    that asks the site's settings too (``_add_if_counting``); the first is
    ``count``'s, once the settings are read.
    """
    day = ClickCount.today()
    if not _add_if_counting(click, channel, day) and _site_counts(click.site_id):
        count(click, channel=channel, day=day)


def _add_if_counting(click, channel, day):
    """``UPDATE … SET clicks = clicks + 1`` in the click's row, where its site
    counts clicks: whether there was such a row.

    Written in SQL, as the ORM took twenty times as long to build the statement
    (about 1.7 ms) as the database to run it (about 0.08 ms), which
    ``benchmarks/bench.py --only clicks`` shows in requests per second.
    """
    alias = router.db_for_write(ClickCount)
    connection = connections[alias]
    row = [connection.ops.adapt_datefield_value(day), click.site_id]
    row += [click.account_id, channel, click.source]
    page = [] if click.page_id is None else [click.page_id]
    with connection.cursor() as cursor:
        cursor.execute(
            _add_if_counting_sql(alias, with_page=bool(page)),
            [*row, *page, click.site_id, True],
        )
        return cursor.rowcount > 0


@functools.cache
def _add_if_counting_sql(alias, *, with_page):
    """``_add_if_counting``'s statement, for a database and whether the click
    came from a page; its parameters: the day, site, account, channel and
    source, the page if there is one, then the site and ``True``."""
    quote = connections[alias].ops.quote_name

    def where(model, names):
        fields = [model._meta.get_field(name) for name in names]
        return " AND ".join(f"{quote(field.column)} = %s" for field in fields)

    page = quote(ClickCount._meta.get_field("page").column)
    clicks = quote(ClickCount._meta.get_field("clicks").column)
    # Only the models' own names, quoted, are written into it; values are parameters.
    return (  # noqa: S608
        "UPDATE {table} SET {clicks} = {clicks} + 1"
        " WHERE {row} AND {page} AND EXISTS (SELECT 1 FROM {settings} WHERE {counts})"
    ).format(
        table=quote(ClickCount._meta.db_table),
        clicks=clicks,
        row=where(ClickCount, ["day", "site", "account", "channel", "source"]),
        page=f"{page} = %s" if with_page else f"{page} IS NULL",
        settings=quote(MessageButtonSettings._meta.db_table),
        counts=where(MessageButtonSettings, ["site", "count_clicks"]),
    )


def count(click, *, channel, day, by=1):
    """One more click in its row, exactly under concurrent clicks: an ``UPDATE …
    SET clicks = clicks + 1``, and where there is no row yet an insert that gives
    way to one made meanwhile. A page deleted since the link was made counts as
    none: its rows became page-less as it was deleted, so it is looked for only
    when its row is missing."""
    keys = _keys(click, channel, day)
    rows = ClickCount.objects.filter(**keys)
    if rows.update(clicks=F("clicks") + by):
        return
    if click.page_id is not None:
        if not page_model().objects.filter(pk=click.page_id).exists():
            keys["page_id"] = None
            rows = ClickCount.objects.filter(**keys)
            if rows.update(clicks=F("clicks") + by):
                return
    try:
        with transaction.atomic():
            ClickCount.objects.create(**keys, clicks=by)
    except IntegrityError:
        rows.update(clicks=F("clicks") + by)


def _keys(click, channel, day):
    """What identifies a click's row."""
    return {
        "day": day,
        "site_id": click.site_id,
        "page_id": click.page_id,
        "account_id": click.account_id,
        "channel": channel,
        "source": click.source,
    }


def retention_days():
    """How many days click counts are kept:
    ``WAGTAIL_DM_BUTTON_CLICK_RETENTION_DAYS`` (400 by default)."""
    return getattr(settings, "WAGTAIL_DM_BUTTON_CLICK_RETENTION_DAYS", 400)


def prune(days):
    """Delete the counts of days before the last ``days`` (today included):
    ``(rows deleted, the first day kept)``."""
    first_kept = ClickCount.today() - dt.timedelta(days=days - 1)
    deleted, _by_model = ClickCount.objects.filter(day__lt=first_kept).delete()
    return deleted, first_kept


def connect():
    """Keep a deleted page's counts, as counts without a page."""
    pre_delete.connect(_keep_counts_of_deleted_page, sender=page_model())


def _keep_counts_of_deleted_page(sender, instance, **kwargs):
    """A page's rows join the rows of the same day, site, account, channel and
    source without a page, before it is deleted: its foreign key cannot simply
    be emptied, as such a row may be there already."""
    rows = ClickCount.objects.filter(page_id=instance.pk)
    for row in rows.order_by().select_for_update():
        click = tokens.Click(row.site_id, None, row.account_id, row.source)
        count(click, channel=row.channel, day=row.day, by=row.clicks)
    rows.delete()
