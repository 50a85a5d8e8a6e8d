"""Budgets that do not depend on the machine, so they are tests: the
queries a page makes do not grow with its buttons, the default output has no
script, and a button's markup stays within its weight. Speed itself is measured
by ``make bench``, never asserted here.
"""

import gzip
import logging

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Site

from tests.conftest import (
    RECIPIENTS,
    add_button_page,
    buttons,
    make_account,
    make_avatar,
    make_card,
    render,
    soup,
)
from wagtail_dm_button.channels import get_channels
from wagtail_dm_button.models import MessageButtonSettings
from wagtail_dm_button.rendering import render_button


@pytest.fixture
def accounts(site_default):
    """Three chosen accounts besides the site's default."""
    return [
        make_account(slug="telegram", channel="telegram", recipient="furni_shop"),
        make_account(slug="x", channel="x", recipient="783214", display_name="@furni"),
        make_account(slug="mail", channel="email", recipient="sales@example.com"),
    ]


@pytest.fixture
def every_channel(site_default):
    """An account on each channel, as an admin would type it."""
    return [
        make_account(slug=f"every-{key}", channel=key, recipient=recipient)
        for key, (recipient, _link) in RECIPIENTS.items()
    ]


def mixed_body(accounts, number):
    """``number`` buttons, each with its own message, taking turns on the chosen
    accounts and the site's default (``None``); every third shows its account's
    own label."""
    choices = [accounts[0], None, *accounts[1:]]
    return [
        (
            "message_button",
            {
                "account": choices[index % len(choices)],
                "label": "" if index % 3 == 0 else f"Ask about sofa {index}",
                "text": f"Is sofa no. {index} in stock?",
            },
        )
        for index in range(number)
    ]


def queries_to_serve(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries), response


def test_a_page_makes_the_same_queries_for_2_10_and_200_buttons(client, home, accounts):
    counts = {}
    for number in (2, 10, 200):
        page = add_button_page(home, f"buttons-{number}", mixed_body(accounts, number))
        counts[number], response = queries_to_serve(client, page)
        assert len(buttons(response.content)) == number
    assert counts[2] == counts[10] == counts[200], counts


def test_on_a_multilingual_site_translations_cost_no_query_per_button(
    client, settings, home, accounts, site_default
):
    """A French page whose buttons choose English accounts shows their French
    translations (and the default's): still the same queries for any number."""
    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
    ]
    french = Locale.objects.create(language_code="fr")
    for account in [*accounts[:2], site_default.default_account]:
        translation = account.copy_for_translation(french)
        translation.label = f"Écrire sur {account.get_channel().key}"
        translation.save()
    counts = {}
    for number in (2, 10, 200):
        page = add_button_page(home, f"boutons-{number}", mixed_body(accounts, number))
        type(page).objects.filter(pk=page.pk).update(locale=french)
        page.refresh_from_db()
        counts[number], response = queries_to_serve(client, page)
        found = buttons(response.content)
        assert len(found) == number
    labels = {button.select_one(".dm-button__label").text for button in found}
    assert {"Écrire sur telegram", "Écrire sur x", "Écrire sur whatsapp"} <= labels
    assert counts[2] == counts[10] == counts[200], counts


def cards_body(accounts, number, french=None):
    """``number`` buttons and ``number`` cards, each card its own snippet with its
    own avatar and options, shown as a launcher or inline, and the first card once
    more; with ``french``, each card has a French translation."""
    cards = []
    for index in range(number):
        card = make_card(
            [{"account": account} for account in accounts[index % 3 :]],
            slug=f"card-{number}-{index}",
            avatar=make_avatar(title=f"Face {number} {index}"),
        )
        if french:
            translation = card.copy_for_translation(french)
            translation.heading = "Parlons-en"
            translation.save()
        cards.append(card)
    return mixed_body(accounts, number) + [
        ("contact_card", {"card": card, "display": ("launcher", "inline")[index % 2]})
        for index, card in enumerate([*cards, cards[0]])
    ]


def serve_cards(client, page, number, accounts):
    """The page's queries on a second view (the first makes the avatars'
    renditions), and its markup, checked to hold every card and option."""
    queries_to_serve(client, page)
    count, response = queries_to_serve(client, page)
    markup = soup(response.content)
    assert len(markup.select(".dm-card")) == number + 1
    avatars = {image["src"] for image in markup.select(".dm-card__avatar")}
    assert len(avatars) == number
    options = sum(len(accounts[index % 3 :]) for index in range(number))
    assert len(buttons(response.content)) == number + options + len(accounts)
    return count, markup


@pytest.fixture
def no_cache(settings, tmp_path):
    """Images in a folder of their own, and no cache: Wagtail then looks each
    rendition up in the database."""
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }


def test_cards_and_buttons_make_the_same_queries_for_2_and_20_cards(
    client, home, accounts, no_cache
):
    counts = {}
    for number in (2, 20):
        page = add_button_page(home, f"cards-{number}", cards_body(accounts, number))
        counts[number], _markup = serve_cards(client, page, number, accounts)
    assert counts[2] == counts[20], counts


def test_on_a_multilingual_site_cards_cost_no_query_per_card(
    client, settings, home, accounts, no_cache
):
    """A French page shows the French translations of the cards it chooses, and
    of their options' accounts: still the same queries for 2 cards or 20."""
    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
    ]
    french = Locale.objects.create(language_code="fr")
    for account in accounts:
        translation = account.copy_for_translation(french)
        translation.label = f"Écrire sur {account.get_channel().key}"
        translation.save()
    counts = {}
    for number in (2, 20):
        body = cards_body(accounts, number, french=french)
        page = add_button_page(home, f"cartes-{number}", body)
        type(page).objects.filter(pk=page.pk).update(locale=french)
        page.refresh_from_db()
        counts[number], markup = serve_cards(client, page, number, accounts)
        headings = {each.get_text() for each in markup.select(".dm-card__heading")}
        assert headings == {"Parlons-en"}
        labels = {
            each.get_text()
            for each in markup.select(".dm-card__options .dm-button__label")
        }
        assert labels == {"Écrire sur telegram", "Écrire sur x", "Écrire sur email"}
    assert counts[2] == counts[20], counts


def test_tags_make_the_same_queries_for_any_number_of_buttons(accounts):
    """``{% message_button "slug" %}`` looks each slug up once per request."""
    site = Site.objects.get(is_default_site=True)
    counts = {}
    for number in (3, 10, 200):
        tags = ['{% message_button "telegram" %}', "{% message_button %}"]
        tags.append('{% message_button "x" text="A question" %}')
        source = "".join(tags[index % 3] for index in range(number))
        template = Template("{% load dm_button_tags %}" + source)
        request = RequestFactory().get("/", HTTP_HOST=site.hostname)
        with CaptureQueriesContext(connection) as queries:
            markup = template.render(Context({"request": request}))
        assert len(buttons(markup)) == number
        counts[number] = len(queries)
    assert counts[3] == counts[10] == counts[200], counts


def test_a_template_naming_many_accounts_makes_the_queries_of_one(accounts, site):
    """The accounts a template names by slug in its message tags, inside its
    blocks included, are read together at the first tag."""
    counts = {}
    named = {
        "one": ['{% message_button "telegram" %}'] * 3,
        "three": [
            '{% message_button "telegram" %}',
            '{% if True %}{% message_url "x" %}{% endif %}',
            '{% message_qr "mail" %}',
        ],
    }
    for name, tags in named.items():
        template = Template("{% load dm_button_tags %}" + "".join(tags))
        request = RequestFactory().get("/", HTTP_HOST=site.hostname)
        with CaptureQueriesContext(connection) as queries:
            markup = template.render(Context({"request": request}))
        assert "https://t.me/furni_shop" in markup
        counts[name] = len(queries)
    assert "https://x.com/messages/compose?recipient_id=783214" in markup
    assert soup(markup).select("svg.dm-qr")
    assert counts["three"] == counts["one"], counts


def test_each_render_of_a_template_reads_the_accounts_it_names(accounts, site):
    """The accounts a template names are read once per render, not once per
    template: rendered again for the next request, the same template (as Django's
    cached loader keeps it) shows an edit made in between, with the same queries."""
    included = Template('{% load dm_button_tags %}{% message_button "mail" %}')
    template = Template(
        '{% load dm_button_tags %}{% message_button "telegram" %}'
        '{% include included %}{% message_url "x" %}'
    )
    counts = []
    for recipient in ("furni_shop", "furni_sofas"):
        accounts[0].recipient = recipient
        accounts[0].save()
        request = RequestFactory().get("/", HTTP_HOST=site.hostname)
        with CaptureQueriesContext(connection) as queries:
            markup = template.render(
                Context({"request": request, "included": included})
            )
        assert f"https://t.me/{recipient}" in markup
        assert "https://x.com/messages/compose?recipient_id=783214" in markup
        assert "mailto:sales@example.com" in markup  # Named by the included one.
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_accounts_named_together_show_as_named_alone(accounts, site, caplog):
    """A slug that names no account leaves its button out, and the others show,
    as do those a variable or an included template names (which are read when
    their tags render)."""
    included = Template('{% load dm_button_tags %}{% message_button "mail" %}')
    template = Template(
        '{% load dm_button_tags %}{% message_button "gone" %}'
        '{% message_button "telegram" %}{% message_button chosen %}'
        "{% include included %}"
    )
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    context = {"request": request, "chosen": "x", "included": included}
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        markup = template.render(Context(context))
    assert [each["href"] for each in buttons(markup)] == [
        "https://t.me/furni_shop",
        "https://x.com/messages/compose?recipient_id=783214",
        "mailto:sales@example.com",
    ]
    assert "no message account has the slug 'gone'" in caplog.text
    without_request = template.render(Context({**context, "request": None}))
    assert len(buttons(without_request)) == 3


def test_the_default_output_has_no_script(client, home, every_channel):
    """A page with buttons on every channel, the assets tag and the floating
    button: not one script element, inline or not, and no event handler."""
    body = [("message_button", {"account": account}) for account in every_channel]
    page = add_button_page(home, "every-channel", body)
    parsed = soup(client.get(page.url).content)
    assert len(buttons(str(parsed))) == len(every_channel)
    assert parsed.find_all("script") == []
    for element in parsed.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs)


# Weight. A button is a link with its icon inline (no request for it): its bytes
# are the link, the label, the icon's path and the markup around them.

#: The markup around link, label and icon: the classes, the channel's data
#: attribute, target and rel, the SVG element and the label and new-tab hint
#: spans. 354 to 370 bytes on the built-in channels; the budget leaves a little
#: room for a registered channel's longer key, none for another attribute.
AROUND_BUDGET = 400
#: An icon's path data; the largest built-in one (Signal's) is 896 bytes.
ICON_BUDGET = 1024
#: What each button adds to a page of 200 (each with its own label and message,
#: across the channels) once gzipped, as pages are served: 21 bytes measured.
#: 200 buttons then weigh less than a tenth of what X's widgets.js alone does.
GZIPPED_BUDGET = 64


@pytest.mark.parametrize("size", ["medium", "large"])
@pytest.mark.parametrize("variant", ["filled", "outline"])
def test_a_button_weighs_its_link_label_and_icon_and_little_more(
    every_channel, size, variant
):
    label = "Ask about the green sofa"
    for account in every_channel:
        markup = str(
            render_button(
                account, label=label, text="Is it in stock?", size=size, variant=variant
            )
        )
        (button,) = buttons(markup)
        href = button["href"].replace("&", "&amp;")
        around = (
            len(markup.encode())
            - len(href)
            - len(label)
            - len(account.get_channel().icon)
        )
        assert 0 < around <= AROUND_BUDGET, (account.channel, around)


def test_every_icon_is_within_its_budget():
    for channel in get_channels().values():
        assert len(channel.icon.encode()) <= ICON_BUDGET, channel.key


def test_200_buttons_add_little_to_a_gzipped_page(every_channel):
    page = "".join(
        str(
            render_button(
                every_channel[index % len(every_channel)],
                label=f"Ask about sofa {index}",
                text=f"Is sofa no. {index} in stock?",
            )
        )
        for index in range(200)
    )
    assert len(buttons(page)) == 200
    assert len(gzip.compress(page.encode())) / 200 <= GZIPPED_BUDGET


#: A floating contact card of four options (WhatsApp, Telegram, Messenger and
#: e-mail, each with its icon), an avatar, a reply time and a two-line greeting,
#: gzipped as Django's GZipMiddleware does: 1,374 bytes measured.
CARD_GZIPPED_BUDGET = 1536


def test_a_floating_card_of_four_options_weighs_at_most_1_5_kb_gzipped(
    site_default, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    card = make_card(
        [
            {"account": make_account(**fields), "text": "Hello! A question."}
            for fields in (
                {"slug": "wa", "channel": "whatsapp", "recipient": "+44 20 7946 0000"},
                {"slug": "tg", "channel": "telegram", "recipient": "furni_shop"},
                {"slug": "fb", "channel": "messenger", "recipient": "furni.shop"},
                {"slug": "mail", "channel": "email", "recipient": "sales@example.com"},
            )
        ],
        heading="Talk to us",
        greeting="Hello! We are Anna and Luca.\nAsk us anything about sofas.",
        reply_time="Typically replies within an hour",
        avatar=make_avatar(title="Anna and Luca"),
    )
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_card=card, floating_label="Chat with us"
    )
    markup = render("{% floating_message_button %}")
    assert len(buttons(markup)) == 4
    assert soup(markup).select_one(".dm-card .dm-card__avatar")
    assert len(gzip.compress(markup.encode(), compresslevel=6)) <= CARD_GZIPPED_BUDGET


def test_a_card_named_by_slug_brings_its_avatar_in_its_own_query(
    accounts, settings, tmp_path
):
    """``{% contact_card "slug" %}``: a card with an avatar costs the queries of
    one without (its rendition is in Wagtail's cache after the first view)."""
    settings.MEDIA_ROOT = tmp_path
    make_card([{"account": accounts[0]}], slug="plain")
    make_card([{"account": accounts[0]}], slug="face", avatar=make_avatar())
    counts = {}
    for slug in ("plain", "face"):
        template = Template(
            "{% load dm_button_tags %}{% contact_card '" + slug + "' %}"
        )
        for _view in range(2):
            request = RequestFactory().get("/")
            with CaptureQueriesContext(connection) as queries:
                markup = template.render(Context({"request": request}))
        assert len(buttons(markup)) == 1
        counts[slug] = len(queries)
    assert counts["face"] == counts["plain"], counts
