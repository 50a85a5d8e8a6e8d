"""Translated with wagtail-localize: translators see an account's and a card's words,
never their slugs or channels (a translated slug would break ``{% message_button
"support" %}`` on translated pages); an account's recipient may be set per
language; and a French page shows the French card."""

import pytest
from django.urls import path
from django.utils.translation import override

from wagtail.models import Locale, Page

from tests.conftest import add_button_page, buttons, make_account, make_card, soup
from wagtail_dm_button.models import ContactCard, MessageAccount


@pytest.fixture
def french(settings, site):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
    ]
    return Locale.objects.create(language_code="fr")


@pytest.fixture
def account(site):
    return make_account(
        slug="support",
        name="Support",
        channel="whatsapp",
        recipient="+44 20 7946 0000",
        display_name="Furni",
        label="Write to us",
        default_text="Hello!",
    )


@pytest.fixture
def card(account):
    return make_card(
        [{"account": account, "label": "WhatsApp", "text": "About my order"}],
        heading="Talk to us",
        greeting="Hello!\nHow can we help?",
        reply_time="Typically replies within an hour",
    )


def segments(instance):
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(instance)
    strings = {
        segment.string.data: segment.context.path
        for segment in source.stringsegment_set.select_related("string", "context")
    }
    overridable = {
        segment.context.path for segment in source.overridablesegment_set.all()
    }
    return source, strings, overridable


def test_translators_see_an_accounts_words_and_may_set_its_recipient(french, account):
    _source, strings, overridable = segments(account)
    assert set(strings) == {"Support", "Furni", "Write to us", "Hello!"}
    assert set(strings.values()) == {"name", "display_name", "label", "default_text"}
    assert "recipient" in overridable
    assert not {"slug", "channel"} & (set(strings.values()) | overridable)


def test_translators_see_a_cards_words_never_its_slug(french, card):
    _source, strings, overridable = segments(card)
    assert {
        "Sales",
        "Talk to us",
        "Hello!<br/>How can we help?",  # a line break, as wagtail-localize shows it
        "Typically replies within an hour",
        "WhatsApp",
        "About my order",
    } <= set(strings)
    paths = set(strings.values()) | overridable
    assert "slug" not in paths
    assert "heading" in paths


def translate(instance, locale, words):
    """Translate ``instance`` into ``locale`` with wagtail-localize, as a
    translator does: each string its translation, then the translation saved."""
    from wagtail_localize.models import StringTranslation

    source, _strings, _overridable = segments(instance)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=words.get(segment.string.data, segment.string.data),
        )
    translated, _created = source.create_or_update_translation(locale, fallback=True)
    return translated


def test_a_translated_account_keeps_its_slug_and_channel(french, account):
    translated = translate(account, french, {"Write to us": "Écrivez-nous"})
    assert isinstance(translated, MessageAccount)
    assert translated.label == "Écrivez-nous"
    assert (translated.slug, translated.channel) == ("support", "whatsapp")
    assert translated.recipient == "442079460000"


urlpatterns = []


@pytest.fixture
def served_in_french(settings, french):
    """The test project's pages under i18n_patterns, with Django's LocaleMiddleware,
    as a multilingual Wagtail site serves them: /fr/… is French."""
    from django.conf.urls.i18n import i18n_patterns
    from django.urls import include

    from wagtail import urls as wagtail_urls

    urlpatterns[:] = i18n_patterns(
        path("", include(wagtail_urls)), prefix_default_language=False
    )
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:1],
        "django.middleware.locale.LocaleMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    return french


def test_a_french_page_shows_the_french_card(client, served_in_french, home, card):
    french = served_in_french
    account = card.options[0].value["account"]
    french_account = translate(account, french, {"Write to us": "Écrivez-nous"})
    french_card = translate(
        card,
        french,
        {
            "Talk to us": "Parlons-en",
            "Hello!<br/>How can we help?": "Bonjour !<br/>Que pouvons-nous faire ?",
            "WhatsApp": "WhatsApp (FR)",
            "About my order": "À propos de ma commande",
        },
    )
    assert isinstance(french_card, ContactCard)
    assert french_card.slug == "sales"

    page = add_button_page(home, "contact", [("contact_card", {"card": card})])
    french_home = home.copy_for_translation(french)
    french_home.save_revision().publish()
    french_page = page.copy_for_translation(french)
    french_page.save_revision().publish()
    assert french_page.url == "/fr/contact/"

    with override("fr"):
        response = client.get("/fr/contact/")
    assert response.status_code == 200
    markup = soup(response.content)
    assert markup.select_one(".dm-launcher__label").get_text() == "Parlons-en"
    assert markup.select_one(".dm-card h2").get_text() == "Parlons-en"
    greeting = markup.select_one(".dm-card__greeting")
    assert greeting.get_text("|") == "Bonjour !|Que pouvons-nous faire ?"
    (button,) = buttons(markup)
    assert button.select_one(".dm-button__label").get_text() == "WhatsApp (FR)"
    assert button["href"] == (
        "https://wa.me/442079460000?text=%C3%80%20propos%20de%20ma%20commande"
    )
    assert french_account.pk != account.pk

    english = soup(client.get("/contact/").content)
    assert english.select_one(".dm-card h2").get_text() == "Talk to us"
    assert Page.objects.filter(locale=french).count() == 2


def test_a_translated_page_keeps_its_message_link(french, account, home):
    """wagtail-localize translates the words of a rich text message link; the
    account it opens stays the one chosen (its translation then serves)."""
    from wagtail.rich_text import RichText

    page = add_button_page(
        home,
        "help",
        [
            (
                "paragraph",
                RichText(
                    f'<p>Questions? <a linktype="message" id="{account.pk}" '
                    'data-text="About my order">Message our team</a> now.</p>'
                ),
            )
        ],
    )
    home.copy_for_translation(french)  # the tree is translated from the top
    translated = translate(
        page,
        french,
        {
            'Questions? <a id="a1">Message our team</a> now.': (
                'Des questions ? <a id="a1">Écrivez-nous</a> maintenant.'
            )
        },
    )
    (paragraph,) = translated.body
    stored = soup(paragraph.value.source).select_one('a[linktype="message"]')
    assert stored["id"] == str(account.pk)
    assert stored["data-text"] == "About my order"
    assert stored.get_text() == "Écrivez-nous"
