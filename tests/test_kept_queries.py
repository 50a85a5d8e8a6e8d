"""The queries of the site's settings, the accounts and the cards are compiled once
per shape and run again with each page's values: a page shows what the database
holds at that moment, each field as the ORM reads it, whatever the process ran
before."""

import json

import pytest
from django.core import serializers
from django.db import connection, connections, models
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.models import Locale

from tests.conftest import (
    add_button_page,
    buttons,
    make_account,
    make_avatar,
    make_card,
    render,
    soup,
)
from wagtail_dm_button import kept_queries, queries
from wagtail_dm_button.models import ContactCard, MessageAccount, MessageButtonSettings

HOURS = json.dumps(
    [
        {
            "type": "hours",
            "value": {"days": ["0", "1", "2"], "opens": "09:00", "closes": "17:30"},
        }
    ]
)


@pytest.fixture(autouse=True)
def _nothing_kept():
    kept_queries.clear()
    yield
    kept_queries.clear()


@pytest.fixture(params=[False, True], ids=["one-language", "i18n"])
def i18n(request, settings):
    settings.WAGTAIL_I18N_ENABLED = request.param
    return request.param


@pytest.fixture
def accounts(db):
    """Accounts whose fields need converting from the database's types: a UUID,
    a StreamField of opening hours, a foreign key; one has a translation."""
    made = [
        make_account(slug="sales", channel="telegram", recipient="furni_sales"),
        make_account(
            slug="support",
            channel="whatsapp",
            recipient="+44 20 7946 0000",
            opening_hours=HOURS,
            timezone="Europe/London",
            default_text="Hello!",
        ),
        make_account(slug="orders", channel="email", recipient="orders@example.com"),
    ]
    made.append(made[0].copy_for_translation(Locale.objects.create(language_code="fr")))
    made[-1].save()
    return made


def as_stored(instances):
    """What each instance holds, field by field, as Django serialises it."""
    return json.loads(serializers.serialize("json", instances))


def test_each_field_is_what_the_orm_reads(i18n, accounts):
    for ids in [[accounts[1].pk], [accounts[0].pk, accounts[2].pk], [accounts[3].pk]]:
        for _again in range(2):  # made, then run again from the kept SQL
            found = queries.by_id(MessageAccount, ids)
            assert sorted(found) == sorted(ids)
            read = MessageAccount.objects.filter(pk__in=ids).order_by("pk")
            assert as_stored([found[pk] for pk in sorted(found)]) == as_stored(read)
            for orm_read in read:  # each value converted to the field's own type
                kept_read = found[orm_read.pk]
                assert kept_read._state.db == orm_read._state.db
                assert not kept_read._state.adding
                for field in MessageAccount._meta.concrete_fields:
                    assert type(getattr(kept_read, field.attname)) is type(
                        getattr(orm_read, field.attname)
                    ), field.name
    assert kept_queries.compiled() == kept_queries.size() == 2  # SQL run again
    hours = queries.by_id(MessageAccount, [accounts[1].pk])[accounts[1].pk]
    assert hours.opening_hours[0].value["closes"].isoformat() == "17:30:00"


def test_translations_come_in_the_same_query(settings, accounts):
    settings.WAGTAIL_I18N_ENABLED = True
    queries.by_id(MessageAccount, [accounts[1].pk])  # the shape kept
    with CaptureQueriesContext(connection) as made:
        found = queries.by_id(MessageAccount, [accounts[0].pk])
        french = queries.localize(found[accounts[0].pk], accounts[3].locale)
    assert len(made) == 1
    assert french.pk == accounts[3].pk


def test_a_shape_is_compiled_once_for_any_values(i18n, accounts):
    sales, support, orders, _french = accounts
    queries.by_id(MessageAccount, [sales.pk])
    queries.by_id(MessageAccount, [orders.pk])
    assert kept_queries.size() == 1
    queries.by_id(MessageAccount, [sales.pk, orders.pk])
    queries.by_slug(MessageAccount, "sales")
    assert kept_queries.size() == 3
    assert queries.by_slug(MessageAccount, "support").pk == support.pk
    assert queries.by_slug(MessageAccount, "orders").pk == orders.pk
    assert queries.by_slug(MessageAccount, "gone") is None
    assert kept_queries.size() == kept_queries.compiled() == 3


def test_an_edit_shows_on_the_next_page_view(i18n, site_default, account, home):
    page = add_button_page(home, "contact", [("message_button", {"account": account})])
    source = (
        '{% load wagtailcore_tags %}{% message_button "support" %}'
        "{% for b in page.body %}{% include_block b %}{% endfor %}"
    )
    shown = [b["href"] for b in buttons(render(source, page=page))]
    assert shown == ["https://wa.me/442079460000"] * 2
    # The settings, and accounts by slug and by id, each run from its kept SQL.
    assert kept_queries.size() == kept_queries.compiled() == 3
    account.recipient = "+44 20 7946 0999"
    account.full_clean()
    account.save()
    page.refresh_from_db()
    shown = [b["href"] for b in buttons(render(source, page=page))]
    assert shown == ["https://wa.me/442079460999"] * 2


def test_a_query_with_parameters_of_its_own_is_left_to_the_orm(accounts):
    """Django orders a filter's keywords by name: here the channel comes before
    the id in the SQL, so the SQL cannot be run again with the values in the
    caller's order."""
    sales, support, orders, _french = accounts

    def make(values):
        return MessageAccount.objects.filter(pk=values[0], channel=values[1])

    assert kept_queries.objects(
        MessageAccount, "by pk and channel", make, (sales.pk, "telegram")
    ) == [sales]
    assert kept_queries.objects(
        MessageAccount, "by pk and channel", make, (support.pk, "whatsapp")
    ) == [support]
    assert (
        kept_queries.objects(
            MessageAccount, "by pk and channel", make, (orders.pk, "telegram")
        )
        == []
    )

    def telegram_only(values):
        return MessageAccount.objects.filter(pk__in=values, channel="telegram")

    for ids, expected in [((sales.pk,), [sales]), ((support.pk,), [])]:
        assert (
            kept_queries.objects(MessageAccount, "telegram", telegram_only, ids)
            == expected
        )
    assert kept_queries.size() == 2
    assert kept_queries.compiled() == 0


@pytest.mark.parametrize(
    "narrowed",
    [
        lambda chosen: chosen.only("slug", "channel"),
        lambda chosen: chosen.defer("opening_hours"),
        lambda chosen: chosen.annotate(shouting=Upper("slug")),
        lambda chosen: chosen.extra(select={"one": "1"}),
    ],
    ids=["only", "defer", "annotate", "extra"],
)
def test_a_query_of_other_columns_than_the_models_is_left_to_the_orm(
    accounts, narrowed
):
    """Kept SQL is read as the model's own columns, in order: a query that selects
    others (as a default manager might) is run by the ORM, which knows them."""
    sales, support, _orders, _french = accounts

    def make(values):
        return narrowed(MessageAccount.objects.filter(pk__in=values))

    for account in (sales, support, sales):
        (found,) = kept_queries.objects(MessageAccount, "narrowed", make, (account.pk,))
        (expected,) = make((account.pk,))
        assert (found.pk, found.slug, found.channel) == (
            account.pk,
            account.slug,
            account.channel,
        )
        assert found.get_deferred_fields() == expected.get_deferred_fields()
        assert vars(found).keys() == vars(expected).keys()
    assert kept_queries.size() == 1
    assert kept_queries.compiled() == 0


def test_a_query_with_a_fetch_mode_of_its_own_is_left_to_the_orm(accounts):
    """Django 6.1's instances carry the fetch mode of the query that made them."""
    fetch_peers = getattr(models, "FETCH_PEERS", None)
    if fetch_peers is None:
        pytest.skip("fetch modes came with Django 6.1")
    sales, support, _orders, _french = accounts

    def make(values):
        return MessageAccount.objects.filter(pk__in=values).fetch_mode(fetch_peers)

    for account in (sales, support):
        (found,) = kept_queries.objects(MessageAccount, "peers", make, (account.pk,))
        assert found == account
        assert found._state.fetch_mode is fetch_peers
    assert kept_queries.compiled() == 0


def test_related_objects_are_read_by_the_orm_in_the_same_query(site, account):
    avatar = make_avatar()
    cards = [
        make_card([{"account": account}], slug=slug, avatar=avatar)
        for slug in ["sales", "service"]
    ]
    compiled_before = kept_queries.compiled()
    for card in cards:
        with CaptureQueriesContext(connection) as made:
            found = queries.by_id(ContactCard, [card.pk], related=("avatar",))
            assert found[card.pk].avatar.title == avatar.title
        assert len(made) == 1
    assert kept_queries.compiled() == compiled_before  # left to the ORM


def test_no_more_than_size_shapes_are_kept(monkeypatch, accounts):
    monkeypatch.setattr(kept_queries, "SIZE", 2)
    for count in range(1, 5):
        ids = [each.pk for each in accounts[:count]]
        assert sorted(queries.by_id(MessageAccount, ids)) == sorted(ids)
        assert kept_queries.size() == min(count, 2)


def test_a_sites_settings_are_what_wagtail_reads(i18n, site, accounts):
    sales, support, _orders, _french = accounts
    site_settings = MessageButtonSettings.for_site(site)  # made on first use
    site_settings.default_account = sales
    site_settings.floating_account = support
    site_settings.floating_button = True
    site_settings.save()
    kept_queries.clear()
    for _again in range(2):  # made, then run again from the kept SQL
        with CaptureQueriesContext(connection) as made:
            found = MessageButtonSettings.for_site(site)
            named = (found.default_account, found.floating_account)
        assert len(made) == 2  # the settings, then the accounts they name
        assert kept_queries.size() == kept_queries.compiled() == 2
        read = MessageButtonSettings.base_queryset().get(site=site)
        assert as_stored([found]) == as_stored([read])
        read = [MessageAccount.objects.get(pk=each.pk) for each in (sales, support)]
        assert as_stored(named) == as_stored(read)


def test_settings_made_on_first_use_and_edited_show_at_once(site, accounts):
    sales, support, _orders, _french = accounts
    assert not MessageButtonSettings.objects.filter(site=site).exists()
    made = MessageButtonSettings.for_site(site)
    assert made.pk is not None
    assert MessageButtonSettings.for_site(site).default_account is None
    made.default_account = sales
    made.save()
    assert MessageButtonSettings.for_site(site).default_account == sales
    sales.recipient = "furni_sales_eu"
    sales.save()
    MessageButtonSettings.objects.update(default_account=support)
    assert MessageButtonSettings.for_site(site).default_account == support
    MessageButtonSettings.objects.update(default_account=sales)
    found = MessageButtonSettings.for_site(site).default_account
    assert found.recipient == "furni_sales_eu"


def test_the_floating_card_is_read_when_asked_for(site, account):
    card = make_card([{"account": account}], avatar=make_avatar())
    MessageButtonSettings.objects.create(site=site, floating_card=card)
    found = MessageButtonSettings.for_site(site)
    assert found.floating_card == card
    assert found.floating_card.avatar == card.avatar


def test_an_account_deleted_between_the_two_reads_is_none_not_an_error(site, account):
    """The settings and the accounts they name are two queries: an account deleted
    between them (before the settings' reference to it is cleared) shows as none,
    as Wagtail's one query would."""
    MessageButtonSettings.objects.create(site=site, default_account=account)
    # The database checks references when a transaction commits: until then the
    # row is as it would be between the two queries.
    MessageButtonSettings.objects.update(default_account_id=account.pk + 1000)
    found = MessageButtonSettings.for_site(site)
    assert found.default_account is None
    assert found.default_account_id == account.pk + 1000
    assert buttons(render("{% message_button %}")) == []
    MessageButtonSettings.objects.update(default_account=account)  # valid again


def test_related_objects_may_be_named_in_a_list(site, account):
    card = make_card([{"account": account}], avatar=make_avatar())
    found = queries.by_id(ContactCard, [card.pk], related=["avatar"])
    assert found[card.pk].avatar == card.avatar


def test_the_floating_card_and_its_avatar_are_read_from_kept_sql(
    site, account, settings, tmp_path
):
    """The floating button reads its card and the card's avatar through their
    foreign keys with kept SQL: each field as the ORM reads it, an edit shown on
    the next page view, and a card or avatar that is gone read as none."""
    settings.MEDIA_ROOT = tmp_path
    card = make_card([{"account": account}], avatar=make_avatar())
    site_settings = MessageButtonSettings.objects.create(
        site=site, floating_button=True, floating_card=card, floating_account=account
    )
    for _view in range(2):
        markup = soup(render("{% floating_message_button %}"))
        assert markup.select_one(".dm-card__heading").get_text() == "Talk to us"
        assert markup.select_one("img.dm-card__avatar") is not None
    kept = {key[0] for key in kept_queries.shapes() if key[1][0] == "foreign"}
    assert kept == {ContactCard, type(card.avatar)}
    found = MessageButtonSettings.for_site(site)
    read = ContactCard.objects.get(pk=card.pk)  # as the database gives it back
    assert as_stored([queries.foreign(found, "floating_card")]) == as_stored([read])
    avatar = type(card.avatar).objects.get(pk=card.avatar_id)
    assert as_stored([queries.foreign(read, "avatar")]) == as_stored([avatar])

    avatar_id = card.avatar_id
    for gone in (avatar_id + 1000, None):  # a row gone, and none chosen
        ContactCard.objects.filter(pk=card.pk).update(heading="Ask us", avatar=gone)
        markup = soup(render("{% floating_message_button %}"))
        assert markup.select_one(".dm-card__heading").get_text() == "Ask us"
        assert markup.select_one("img.dm-card__avatar") is None

    MessageButtonSettings.objects.filter(pk=site_settings.pk).update(
        floating_card_id=card.pk + 1000
    )
    assert (
        queries.foreign(MessageButtonSettings.for_site(site), "floating_card") is None
    )
    markup = soup(render("{% floating_message_button %}"))
    assert markup.select(".dm-card") == []  # the single button stands in
    assert len(buttons(str(markup))) == 1
    MessageButtonSettings.objects.filter(pk=site_settings.pk).update(floating_card=card)


class ReadFor:
    """A project's database router that says nothing (the default database
    serves), and notes which object each related object was read for."""

    hints = []

    def db_for_read(self, model, **hints):
        self.hints.append((model, hints.get("instance")))


def test_a_foreign_keys_object_is_read_where_the_routers_say_for_its_instance(
    site, account, settings
):
    """As Django's descriptor does, ``queries.foreign`` asks the routers for the
    database to read from, telling them which object the related one is for."""
    card = make_card([{"account": account}])
    MessageButtonSettings.objects.create(site=site, floating_card=card)
    found = MessageButtonSettings.for_site(site)
    settings.DATABASE_ROUTERS = [f"{__name__}.ReadFor"]
    ReadFor.hints.clear()
    assert queries.foreign(found, "floating_card") == card
    assert ReadFor.hints == [(ContactCard, found)]


class ReadsFromReplica:
    """A project's router with a primary database and a read replica: reads of
    the ``models`` go to the replica (all reads where it is empty), writes to the
    primary. (The replica is the primary itself, but on another connection: it
    does not see what a test has not committed, as a lagging replica would not.)"""

    models = set()

    def db_for_read(self, model, **hints):
        if not self.models or model in self.models:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"


@pytest.fixture
def route_reads_to_replica(settings):
    """Makes ``ReadsFromReplica`` the project's router, for reads of the models
    given (all, where none is), once the test has written what it reads. The
    replica's connection is closed afterwards: PostgreSQL drops no test database
    a session is using."""

    def route(*models):
        ReadsFromReplica.models = set(models)
        settings.DATABASE_ROUTERS = [f"{__name__}.ReadsFromReplica"]
        kept_queries.clear()

    yield route
    connections["replica"].close()


@pytest.mark.django_db(databases=["default", "replica"])
def test_a_sites_settings_and_their_accounts_are_read_from_one_database(
    site, accounts, route_reads_to_replica
):
    """Wagtail reads a site's settings for writing (its ``get_or_create``), from
    the primary, with their accounts in the same query. The accounts come from
    where the settings came from, not from a replica, which may not have yet the
    account an admin has just chosen, or its latest edit."""
    sales, support, _orders, _french = accounts
    MessageButtonSettings.objects.create(
        site=site, default_account=sales, floating_account=support
    )
    route_reads_to_replica()
    for _again in range(2):  # made, then run again from the kept SQL
        found = MessageButtonSettings.for_site(site)
        assert found._state.db == "default"
        assert found.default_account == sales
        assert found.floating_account == support
        assert found.default_account._state.db == "default"
        assert found.floating_account._state.db == "default"


@pytest.mark.django_db(databases=["default", "replica"])
def test_the_floating_card_and_its_avatar_are_read_from_the_settings_database(
    site, account, route_reads_to_replica
):
    """Wagtail's one query read the floating card and its avatar with the
    settings, on the primary: so are they now, where the routers would read cards
    and images from a replica."""
    card = make_card([{"account": account}], heading="Ask us", avatar=make_avatar())
    MessageButtonSettings.objects.create(
        site=site, floating_button=True, floating_card=card
    )
    route_reads_to_replica(ContactCard, get_image_model())
    for _again in range(2):  # made, then run again from the kept SQL
        markup = soup(render("{% floating_message_button %}"))
        assert markup.select_one(".dm-card__heading").get_text() == "Ask us"
        assert markup.select_one("img.dm-card__avatar") is not None
