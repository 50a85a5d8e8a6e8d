"""Multilingual sites: accounts are translatable (Wagtail's i18n); a block or tag
shows the account's translation for the page's locale, and falls back to the
original. Translations are made with wagtail.contrib.simple_translation."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from wagtail.models import Locale

from tests.conftest import (
    account_form,
    add_button_page,
    buttons,
    make_account,
    render,
)
from wagtail_dm_button.models import MessageAccount


@pytest.fixture
def i18n(settings, site_default, home):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
        ("de", "German"),
    ]
    return {
        "fr": Locale.objects.create(language_code="fr"),
        "de": Locale.objects.create(language_code="de"),
    }


def translate(admin_client, account, locale):
    """Translate ``account`` as an admin does: the snippet's Translate action."""
    url = reverse(
        "simple_translation:submit_snippet_translation",
        args=["wagtail_dm_button", "messageaccount", account.pk],
    )
    response = admin_client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    return account.get_translation(locale)


def page_in(locale, home, body):
    page = add_button_page(home, f"contact-{locale.language_code}", body)
    page.locale = locale  # a page of that language, as a translated tree holds
    return page


def rendered(page, source="{% for b in page.body %}{% include_block b %}{% endfor %}"):
    return Template("{% load wagtailcore_tags dm_button_tags %}" + source).render(
        Context({"page": page})
    )


def test_a_translated_account_shows_its_own_label_and_message(
    admin_client, i18n, account, home
):
    french = translate(admin_client, account, i18n["fr"])
    french.label = "Écrivez-nous"
    french.default_text = "Bonjour !"
    french.full_clean()
    french.save()

    page = page_in(
        i18n["fr"],
        home,
        [("message_button", {}), ("message_button", {"account": account})],
    )
    for button in buttons(rendered(page)):
        assert button.select_one(".dm-button__label").get_text() == "Écrivez-nous"
        assert button["href"] == "https://wa.me/442079460000?text=Bonjour%20%21"


def test_without_a_translation_the_original_is_shown(admin_client, i18n, account, home):
    translate(admin_client, account, i18n["fr"])
    page = page_in(i18n["de"], home, [("message_button", {})])
    (button,) = buttons(rendered(page))
    assert button.select_one(".dm-button__label").get_text() == "Message us"


def test_the_tags_follow_the_pages_locale_too(admin_client, i18n, account, home):
    french = translate(admin_client, account, i18n["fr"])
    french.label = "Écrivez-nous"
    french.save()
    page = page_in(i18n["fr"], home, [])
    found = buttons(
        rendered(page, '{% message_button "support" %}{% message_button %}')
    )
    assert [b.select_one(".dm-button__label").get_text() for b in found] == [
        "Écrivez-nous",
        "Écrivez-nous",
    ]


def labels(markup):
    return [b.select_one(".dm-button__label").get_text() for b in buttons(markup)]


def test_one_requests_buttons_follow_each_language_and_locale(
    admin_client, i18n, account, home
):
    """What a request shows of an account is worked out once for all its buttons,
    but once for each language and page locale: a ``{% language %}`` block and a
    second page's template in the same request show their own translation."""
    french = translate(admin_client, account, i18n["fr"])
    french.label = "Parlez-nous ici"
    french.save()
    request = RequestFactory().get("/")
    switched = render(
        '{% load i18n %}{% message_button "support" %}{% message_button %}'
        '{% language "fr" %}{% message_button "support" %}{% message_button %}'
        "{% endlanguage %}{% message_button %}",
        request,
    )
    assert labels(switched) == ["Message us"] * 2 + ["Parlez-nous ici"] * 2 + [
        "Message us"
    ]
    french_page, german_page = (page_in(i18n[code], home, []) for code in ["fr", "de"])
    on_pages = [
        render('{% message_button "support" %}', request, page=page)
        for page in [french_page, german_page, french_page]
    ]
    assert [labels(markup) for markup in on_pages] == [
        ["Parlez-nous ici"],
        ["Message us"],
        ["Parlez-nous ici"],
    ]


def test_a_slug_is_unique_per_locale_only(admin_client, i18n, account):
    french = translate(admin_client, account, i18n["fr"])
    assert french.slug == account.slug
    assert french.translation_key == account.translation_key
    response = admin_client.post(
        reverse(MessageAccount.snippet_viewset.get_url_name("add")),
        account_form(slug="support", channel="telegram", recipient="furni_shop"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "Another account in this language has this slug. Choose another."
    ]
    assert MessageAccount.objects.filter(slug="support").count() == 2


@pytest.mark.parametrize("i18n_on", [True, False])
def test_a_slug_two_unrelated_accounts_share_names_the_first_by_name(
    settings, i18n, home, i18n_on
):
    """Accounts in different languages may share a slug without being
    translations of each other; ``{% message_button "sales" %}`` then opens the
    first by name, as the accounts listing shows them."""
    settings.WAGTAIL_I18N_ENABLED = i18n_on
    make_account(
        slug="sales", name="Zed's sales", channel="telegram", recipient="zed_sales"
    )
    make_account(
        slug="sales",
        name="Anna's sales",
        channel="telegram",
        recipient="anna_sales",
        locale=i18n["de"],
    )
    (button,) = buttons(rendered(home.specific, '{% message_button "sales" %}'))
    assert button["href"] == "https://t.me/anna_sales"
