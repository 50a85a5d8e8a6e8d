"""A server-side page cache (wagtail-cache, as CodeRed CMS sites have it) never
keeps showing what changed: saving the settings, an account or a card clears the
pages that show it, and a page whose buttons open or close soon is kept no longer
than until then."""

import datetime as dt
import json
import os
import zoneinfo

import pytest
import time_machine

from wagtail import VERSION as WAGTAIL_VERSION

from tests.conftest import add_button_page, buttons, make_account, make_card

if os.environ.get("CI") != "true" or WAGTAIL_VERSION >= (8,):
    pytest.importorskip(
        "wagtailcache",
        reason="wagtail-cache 3 supports Wagtail < 8; the nox sessions on Wagtail 7 "
        "install it and run these tests",
    )
# In CI, on a Wagtail it supports, a missing wagtail-cache fails here.

from django.urls import re_path  # noqa: E402
from wagtailcache.cache import cache_page  # noqa: E402

from wagtail import views as wagtail_views  # noqa: E402

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 86400,
        },
    }
    settings.WAGTAIL_CACHE_BACKEND = "pages"
    # Without its keyring, wagtail-cache can only clear every page at once.
    settings.WAGTAIL_CACHE_KEYRING = True
    settings.MIDDLEWARE = [
        "wagtailcache.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "wagtail_dm_button.middleware.OpeningHoursMiddleware",
        "wagtailcache.cache.FetchFromCacheMiddleware",
    ]
    from django.core.cache import caches

    caches["pages"].clear()


def visit(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response["X-Wagtail-Cache"], buttons(response.content)


def test_saving_the_settings_clears_the_pages_that_showed_the_old_default(
    client, site_default, home, django_capture_on_commit_callbacks
):
    add_button_page(home, "contact", [("message_button", {})])
    assert visit(client, "/contact/")[0] == "miss"
    status, (button,) = visit(client, "/contact/")
    assert status == "hit"
    assert button["href"] == "https://wa.me/442079460000"

    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    with django_capture_on_commit_callbacks(execute=True):
        site_default.default_account = telegram
        site_default.save()
    status, (button,) = visit(client, "/contact/")
    assert status == "miss"
    assert button["href"] == "https://t.me/furni_shop"


def test_saving_an_account_or_a_card_clears_the_pages_that_show_it(
    client, site_default, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
        card = make_card([{"account": telegram}])
        add_button_page(home, "button", [("message_button", {"account": telegram})])
        add_button_page(home, "card", [("contact_card", {"card": card})])
        add_button_page(home, "plain", [])
    for path in ("/button/", "/button/?page=2", "/card/", "/plain/"):
        visit(client, path)
        assert visit(client, path)[0] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        telegram.recipient = "furni_shop_two"
        telegram.save()
    for path in ("/button/", "/button/?page=2", "/card/"):
        status, (button,) = visit(client, path)
        assert (status, button["href"]) == ("miss", "https://t.me/furni_shop_two")
    assert visit(client, "/plain/")[0] == "hit"

    visit(client, "/card/")
    with django_capture_on_commit_callbacks(execute=True):
        card.heading = "Write to us"
        card.save()
    assert visit(client, "/card/")[0] == "miss"


@pytest.fixture
def contact_with_hours(site, home):
    """/contact/ shows an account open on Mondays, 09:00 to 17:00 in Berlin."""
    hours = [
        {"type": "hours", "value": {"days": ["0"], "opens": "09:00", "closes": "17:00"}}
    ]
    support = make_account(
        slug="support",
        channel="telegram",
        recipient="furni_shop",
        timezone="Europe/Berlin",
        opening_hours=json.dumps(hours),
    )
    add_button_page(home, "contact", [("message_button", {"account": support})])


def kept_until_it_opens(client):
    """/contact/, seen at 08:00 on a Monday, is kept (closed) until the account
    opens at 09:00, and no longer."""
    monday = dt.datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)
    with time_machine.travel(monday, tick=False):
        response = client.get("/contact/")
    assert response["X-Wagtail-Cache"] == "miss"
    assert "max-age=3600" in response["Cache-Control"]
    with time_machine.travel(monday + dt.timedelta(minutes=59), tick=False):
        status, (button,) = visit(client, "/contact/")
    assert status == "hit"
    assert "dm-button--closed" in button["class"]
    with time_machine.travel(monday + dt.timedelta(minutes=61), tick=False):
        status, (button,) = visit(client, "/contact/")
    assert status == "miss"
    assert "dm-button--closed" not in button["class"]


def test_a_page_with_hours_is_kept_no_longer_than_until_they_change(
    client, contact_with_hours
):
    kept_until_it_opens(client)


def test_a_page_with_hours_is_kept_no_longer_than_the_caches_own_timeout(
    client, contact_with_hours, settings
):
    """Hours that change in nine hours never keep a page past wagtail-cache's
    timeout of five minutes."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "TIMEOUT": 300},
    }
    monday = dt.datetime(2026, 11, 30, 0, 0, tzinfo=BERLIN)
    with time_machine.travel(monday, tick=False):
        response = client.get("/contact/")
    assert "max-age=300" in response["Cache-Control"]
    with time_machine.travel(monday + dt.timedelta(minutes=6), tick=False):
        assert visit(client, "/contact/")[0] == "miss"


#: Wagtail's pages served through wagtail-cache's ``cache_page`` decorator, as its
#: documentation offers for views, instead of its middleware.
urlpatterns = [re_path(r"^((?:[\w\-]+/)*)$", cache_page(wagtail_views.serve))]


def test_pages_cached_by_the_decorator_are_kept_no_longer_than_until_they_change(
    client, contact_with_hours, settings
):
    """The decorator fixes the page's timeout in the view, before the page has
    rendered; no ``OpeningHoursMiddleware`` either."""
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if not name.startswith(("wagtailcache", "wagtail_dm_button"))
    ]
    kept_until_it_opens(client)
