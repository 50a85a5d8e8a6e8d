"""Contact cards: one button that opens a card of channels, with no script. The
markup visitors get, the options as standard buttons, what is left out and why,
the block, the tag and the floating button, and what editors may type."""

import logging
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import (
    add_button_page,
    buttons,
    make_account,
    make_avatar,
    make_card,
    render,
    settings_url,
    soup,
)
from tests.testapp.models import ButtonPage
from wagtail_dm_button.blocks import ContactCardBlock
from wagtail_dm_button.models import (
    ContactCard,
    MessageAccount,
    MessageButtonSettings,
)


@pytest.fixture
def accounts(site):
    return {
        "whatsapp": make_account(
            slug="wa", channel="whatsapp", recipient="+44 20 7946 0000"
        ),
        "telegram": make_account(
            slug="tg", channel="telegram", recipient="furni_shop", label="Telegram"
        ),
        "email": make_account(
            slug="mail", channel="email", recipient="hello@example.com"
        ),
        "instagram": make_account(
            slug="ig", channel="instagram", recipient="furni.shop"
        ),
    }


@pytest.fixture
def card(accounts):
    return make_card(
        [
            {"account": accounts["whatsapp"], "label": "WhatsApp", "text": "Hi"},
            {"account": accounts["telegram"]},
            {"account": accounts["email"], "label": "E-mail us"},
            {"account": accounts["instagram"], "label": "Instagram"},
        ],
        greeting="Hello <b>there</b>!\nAsk us anything.",
        reply_time="Typically replies within an hour",
    )


def test_the_launcher_opens_the_card_as_a_popover_dialog(card):
    page = soup(render('{% contact_card "sales" %}'))
    launcher, close = page.find_all("button")
    dialog = page.select_one("div.dm-card")
    card_id = dialog["id"]

    assert launcher["class"] == ["dm-launcher"]
    assert launcher["type"] == "button"
    assert launcher["popovertarget"] == card_id
    assert launcher["aria-haspopup"] == "dialog"
    icon = launcher.select_one("svg.dm-launcher__icon")
    assert (icon["aria-hidden"], icon["focusable"]) == ("true", "false")
    assert launcher.select_one(".dm-launcher__label").get_text() == "Talk to us"

    assert dialog.has_attr("popover")
    assert dialog["role"] == "dialog"
    assert dialog["aria-labelledby"] == f"{card_id}-heading"
    heading = dialog.select_one("h2.dm-card__heading")
    assert heading["id"] == f"{card_id}-heading"
    assert heading.get_text() == "Talk to us"
    reply_time = dialog.select_one("p.dm-card__reply-time").get_text()
    assert reply_time == "Typically replies within an hour"

    assert close["class"] == ["dm-card__close"]
    assert close["type"] == "button"
    assert close["popovertarget"] == card_id
    assert close["popovertargetaction"] == "hide"
    assert close.get_text() == "Close"
    assert close.parent is dialog


def test_the_greeting_keeps_its_line_breaks_and_is_escaped(card):
    greeting = soup(render('{% contact_card "sales" %}')).select_one(
        "p.dm-card__greeting"
    )
    assert greeting.find("b") is None
    assert len(greeting.find_all("br")) == 1
    assert greeting.get_text() == "Hello <b>there</b>!Ask us anything."


def test_each_option_is_the_standard_button_of_its_account(card, accounts):
    options = soup(render('{% contact_card "sales" %}')).select(
        "ul.dm-card__options > li"
    )
    assert len(options) == 4
    standard = [
        render('{% message_button "wa" label="WhatsApp" text="Hi" %}'),
        render('{% message_button "tg" %}'),
        render('{% message_button "mail" label="E-mail us" %}'),
        render('{% message_button "ig" label="Instagram" %}'),
    ]
    for option, markup in zip(options, standard, strict=True):
        (button,) = option.select("a.dm-button")
        assert button == soup(markup).a
    # An option without a label shows the standard label: the account's own here.
    assert options[1].select_one(".dm-button__label").get_text() == "Telegram"


def test_inline_the_card_is_a_section_of_the_page(card):
    page = soup(render('{% contact_card "sales" display="inline" %}'))
    assert page.find("button") is None  # no launcher, no close button
    (section,) = page.select(".dm-card")
    assert section.name == "section"
    assert not section.has_attr("popover")
    assert not section.has_attr("role")
    assert section["aria-labelledby"] == section.h2["id"]
    assert len(buttons(section)) == 4


def test_the_launcher_may_carry_its_own_label(card):
    page = soup(render('{% contact_card card label="Questions?" %}', card=card))
    assert page.select_one(".dm-launcher__label").get_text() == "Questions?"


def test_the_avatar_is_a_small_rendition_not_the_original(card, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    card.avatar = make_avatar()
    card.save()
    (avatar,) = soup(render('{% contact_card "sales" %}')).select("img.dm-card__avatar")
    assert avatar["alt"] == ""
    assert (avatar["width"], avatar["height"]) == ("48", "48")
    assert avatar["src"] != card.avatar.file.url
    assert "fill-96x96" in avatar["src"]


def test_every_card_on_a_page_has_its_own_id(card):
    page = soup(
        render(
            '{% contact_card "sales" %}{% contact_card "sales" %}'
            '{% contact_card "sales" display="inline" %}'
        )
    )
    ids = [element["id"] for element in page.select(".dm-card")]
    assert len(set(ids)) == 3
    targets = [button["popovertarget"] for button in page.select(".dm-launcher")]
    assert targets == ids[:2]
    headings = [h2["id"] for h2 in page.select("h2")]
    assert len(set(headings)) == 3


def test_an_option_whose_account_is_gone_or_broken_is_left_out(card, accounts):
    accounts["telegram"].delete()
    type(accounts["email"]).objects.filter(pk=accounts["email"].pk).update(
        recipient="not an address"
    )
    hrefs = [button["href"] for button in buttons(render('{% contact_card "sales" %}'))]
    assert hrefs == [
        "https://wa.me/442079460000?text=Hi",
        "https://ig.me/m/furni.shop",
    ]


def test_an_option_never_falls_back_to_the_sites_default(site_default, accounts):
    make_card([{"account": accounts["telegram"]}])
    accounts["telegram"].delete()
    assert render('{% contact_card "sales" %}') == ""


def test_a_card_with_no_option_left_renders_nothing_and_says_why(
    card, accounts, caplog, settings
):
    for account in accounts.values():
        account.delete()
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        assert render('{% contact_card "sales" %}') == ""
    assert "the contact card 'sales' has no option that can be shown" in caplog.text
    settings.DEBUG = True
    assert render('{% contact_card "sales" %}').startswith(
        "<!-- Message button left out: the contact card &#x27;sales&#x27; has no "
    )


def test_an_unknown_slug_renders_nothing_and_says_why(site, caplog):
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        assert render('{% contact_card "nobody" %}') == ""
    assert "no contact card has the slug 'nobody'" in caplog.text


def test_the_block_renders_what_the_tag_renders(card, home):
    page = add_button_page(
        home, "contact", [("contact_card", {"card": card, "display": "launcher"})]
    )
    block = one_id(client_page_markup(page))
    tag = one_id(render('{% contact_card "sales" %}'))
    assert soup(block).select_one(".dm-card") == soup(tag).select_one(".dm-card")
    assert soup(block).select_one(".dm-launcher") == soup(tag).select_one(
        ".dm-launcher"
    )


def one_id(markup):
    """The markup with its card's random id written ``dm-card-ID``."""
    (card_id,) = set(re.findall(r"dm-card-[0-9a-f]{12}", markup))
    return markup.replace(card_id, "dm-card-ID")


def client_page_markup(page):
    from django.template import Context, Template

    return Template(
        "{% load wagtailcore_tags %}{% for block in page.body %}"
        "{% include_block block %}{% endfor %}"
    ).render(Context({"page": page, "request": RequestFactory().get("/")}))


def test_a_card_block_whose_card_is_gone_renders_nothing(client, card, home):
    add_button_page(home, "contact", [("contact_card", {"card": card})])
    card.delete()
    response = client.get("/contact/")
    assert response.status_code == 200
    assert soup(response.content).select(".dm-card, .dm-launcher") == []


def test_the_api_gives_the_card_and_each_options_link(client, card, home):
    page = add_button_page(
        home, "contact", [("contact_card", {"card": card, "display": "inline"})]
    )
    response = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "body"})
    (block,) = response.json()["body"]
    assert block["value"] == {
        "heading": "Talk to us",
        "greeting": "Hello <b>there</b>!\nAsk us anything.",
        "reply_time": "Typically replies within an hour",
        "avatar": None,
        "display": "inline",
        "options": [
            {
                "channel": "whatsapp",
                "href": "https://wa.me/442079460000?text=Hi",
                "label": "WhatsApp",
                "new_tab": True,
            },
            {
                "channel": "telegram",
                "href": "https://t.me/furni_shop",
                "label": "Telegram",
                "new_tab": True,
            },
            {
                "channel": "email",
                "href": "mailto:hello@example.com",
                "label": "E-mail us",
                "new_tab": True,
            },
            {
                "channel": "instagram",
                "href": "https://ig.me/m/furni.shop",
                "label": "Instagram",
                "new_tab": True,
            },
        ],
    }


def test_the_block_preview_shows_a_sample_card_on_a_site_with_none(admin_client):
    block = ButtonPage.body.field.stream_block.child_blocks["contact_card"]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    card = soup(response.content).select_one("section.dm-card")
    assert card.h2.get_text() == "Talk to us"
    assert [button["data-dm-channel"] for button in buttons(card)] == [
        "whatsapp",
        "telegram",
        "email",
    ]
    assert not ContactCard.objects.exists()


def test_the_block_declares_what_the_block_picker_shows():
    meta = ContactCardBlock._meta_class
    assert str(meta.label) == "Contact card"
    assert "greeting" in str(meta.description)
    block = ContactCardBlock()
    assert block.child_blocks["card"].required
    assert block.to_python({})["display"] == "launcher"


# The floating button opens the site's card.


def test_the_floating_button_opens_the_sites_card(site_default, card):
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_card=card, floating_corner="bottom-left"
    )
    aside = soup(render("{% floating_message_button %}")).aside
    assert aside["class"] == [
        "dm-floating",
        "dm-floating--bottom-left",
        "dm-floating--card",
    ]
    launcher = aside.select_one("button.dm-launcher")
    assert launcher.select_one(".dm-launcher__label").get_text() == "Talk to us"
    assert aside.select_one(f"#{launcher['popovertarget']}[popover]")
    assert len(buttons(aside)) == 4


def test_the_floating_launcher_says_the_floating_text(site_default, card):
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_card=card, floating_label="Chat with us"
    )
    label = soup(render("{% floating_message_button %}")).select_one(
        ".dm-launcher__label"
    )
    assert label.get_text() == "Chat with us"


def test_a_floating_card_with_no_option_left_gives_way_to_the_single_link(
    site_default, accounts
):
    card = make_card([{"account": accounts["telegram"]}])
    accounts["telegram"].delete()
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_card=card
    )
    aside = soup(render("{% floating_message_button %}")).aside
    assert aside.select(".dm-launcher, .dm-card") == []
    (button,) = buttons(aside)
    assert button["href"] == "https://wa.me/442079460000"


def test_deleting_the_floating_card_keeps_the_settings(site_default, card):
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(floating_card=card)
    card.delete()
    assert MessageButtonSettings.objects.get(pk=site_default.pk).floating_card is None


def test_the_settings_page_previews_the_floating_card(admin_client, site_default, card):
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_card=card
    )
    page = soup(admin_client.get(settings_url(site_default.site)).content)
    preview = page.select_one(".dm-floating-card-preview")
    assert preview.select_one("section.dm-card h2").get_text() == "Talk to us"
    assert len(buttons(preview)) == 4


# Editors and admins.


def card_form(**fields):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    options = fields.pop("options")
    return nested_form_data(
        {
            "name": "Sales",
            "slug": "sales",
            "heading": "Talk to us",
            "greeting": "",
            "reply_time": "",
            "avatar": "",
            "options": streamfield([("option", option) for option in options]),
            **fields,
        }
    )


def option(account, label="", text=""):
    return {"account": account.pk, "label": label, "text": text}


@pytest.mark.parametrize("count", [1, 12])
def test_a_card_takes_1_to_12_options(admin_client, accounts, count):
    response = admin_client.post(
        snippet_url_of_cards("add"),
        card_form(options=[option(accounts["whatsapp"])] * count),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert len(ContactCard.objects.get().options) == count


@pytest.mark.parametrize("count", [0, 13])
def test_a_card_with_no_option_or_more_than_12_is_refused(
    admin_client, accounts, count
):
    response = admin_client.post(
        snippet_url_of_cards("add"),
        card_form(options=[option(accounts["whatsapp"])] * count),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["options"]
    assert not ContactCard.objects.exists()


def test_an_option_with_a_message_its_channel_cannot_carry_is_refused(
    admin_client, accounts
):
    response = admin_client.post(
        snippet_url_of_cards("add"),
        card_form(options=[option(accounts["instagram"], text="Hello")]),
    )
    assert response.status_code == 200
    (stream_error,) = response.context["form"].errors.as_data()["options"]
    option_error = stream_error.block_errors[0]
    assert "cannot carry a message" in str(option_error.block_errors["text"])


def test_a_slug_taken_in_the_language_is_a_field_error(admin_client, card, accounts):
    response = admin_client.post(
        snippet_url_of_cards("add"),
        card_form(name="Other", options=[option(accounts["whatsapp"])]),
    )
    assert response.context["form"].errors["slug"] == [
        "Another contact card in this language has this slug. Choose another."
    ]


def test_the_listing_shows_each_cards_channels(admin_client, card):
    text = soup(admin_client.get(snippet_url_of_cards("list")).content).get_text(" ")
    assert "Sales" in text
    assert "WhatsApp, Telegram, E-mail, Instagram" in text


def test_the_listing_reads_the_accounts_of_2_cards_or_10_in_one_query(
    admin_client, accounts
):
    """The channels column costs no query per card. (Wagtail's own translation
    buttons still ask after each row's locales.)"""
    counts = {}
    for number in (2, 10):
        while ContactCard.objects.count() < number:
            index = ContactCard.objects.count()
            make_card(
                [{"account": account} for account in accounts.values()],
                slug=f"card-{index}",
                name=f"Card {index}",
            )
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(snippet_url_of_cards("list"))
        text = soup(response.content).get_text(" ")
        assert text.count("WhatsApp, Telegram, E-mail, Instagram") == number
        table = MessageAccount._meta.db_table
        counts[number] = [q["sql"] for q in queries if table in q["sql"]]
    assert len(counts[2]) == len(counts[10]) == 1, counts


def test_the_snippet_editor_previews_the_card(admin_client, card, accounts):
    url = reverse(
        ContactCard.snippet_viewset.get_url_name("preview_on_edit"), args=[card.pk]
    )
    data = card_form(heading="Write to us", options=[option(accounts["email"])])
    assert admin_client.post(url, data).json()["is_valid"] is True
    for mode, selector in [("inline", "section.dm-card"), ("launcher", "div.dm-card")]:
        page = soup(admin_client.get(url, {"mode": mode}).content)
        assert page.select_one(f"{selector} h2").get_text() == "Write to us"
        (button,) = buttons(page)
        assert button["href"] == "mailto:hello@example.com"


def test_usage_lists_the_pages_and_sites_that_show_a_card(
    admin_client, site_default, accounts, home, django_capture_on_commit_callbacks
):
    # Wagtail updates the reference index once the saving transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        card = make_card([{"account": accounts["telegram"]}])
        add_button_page(home, "showroom", [("contact_card", {"card": card})])
        site_default.floating_card = card
        site_default.save()
    rows = usage_rows(admin_client.get(snippet_url_of_cards("usage", card.pk)))
    assert len(rows) == 2
    assert any("Showroom" in row for row in rows)
    assert any("message buttons for localhost" in row.lower() for row in rows)

    telegram = accounts["telegram"]
    account_usage = admin_client.get(
        reverse(telegram.snippet_viewset.get_url_name("usage"), args=[telegram.pk])
    )
    assert any("Sales" in row for row in usage_rows(account_usage))


def usage_rows(response):
    """The rows of a Usage view's table, as text."""
    table = soup(response.content).select_one("table.listing")
    return [row.get_text(" ", strip=True) for row in table.select("tbody tr")]


def snippet_url_of_cards(action, *args):
    return reverse(ContactCard.snippet_viewset.get_url_name(action), args=args)


def test_the_preview_of_a_translation_shows_that_translation(
    admin_client, settings, card, accounts
):
    """Previewing the French card in an English admin shows what is being typed in
    the French card, not the English one."""
    from wagtail.models import Locale

    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
    ]
    french = card.copy_for_translation(Locale.objects.create(language_code="fr"))
    french.save()
    url = snippet_url_of_cards("preview_on_edit", french.pk)
    data = card_form(heading="Parlons-en", options=[option(accounts["email"])])
    assert admin_client.post(url, data).json()["is_valid"] is True
    page = soup(admin_client.get(url, {"mode": "inline"}).content)
    assert page.select_one("section.dm-card h2").get_text() == "Parlons-en"


def test_a_card_beside_one_kept_in_a_cache_fragment_has_an_id_of_its_own(card):
    """The cached card keeps the id it was first rendered with; the card rendered
    afresh on the next page view must not take it."""
    source = (
        '{% load cache %}{% cache 60 card %}{% contact_card "sales" %}{% endcache %}'
        '{% contact_card "sales" %}'
    )
    for _view in range(2):
        ids = [element["id"] for element in soup(render(source)).select(".dm-card")]
        assert len(set(ids)) == 2, ids


def test_a_card_rendered_without_a_request_still_has_an_id_of_its_own(card):
    from django.template import Context, Template

    source = "{% load dm_button_tags %}{% contact_card card %}{% contact_card card %}"
    without = soup(Template(source).render(Context({"card": card})))
    with_request = soup(render('{% contact_card "sales" %}'))
    ids = [element["id"] for element in without.select(".dm-card")]
    ids += [element["id"] for element in with_request.select(".dm-card")]
    assert len(set(ids)) == 3


def test_the_listing_shows_each_cards_language_and_finds_cards_by_their_words(
    admin_client, settings, card, accounts
):
    from wagtail.models import Locale

    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
    ]
    french = card.copy_for_translation(Locale.objects.create(language_code="fr"))
    french.heading = "Parlons-en"
    french.save()
    make_card([{"account": accounts["email"]}], name="Press", slug="press")

    def rows(**query):
        """Each row of the listing: its cells by their columns' headings."""
        page = soup(admin_client.get(snippet_url_of_cards("list"), query).content)
        listing = page.select_one("table.listing")
        headers = [each.get_text(strip=True) for each in listing.select("thead th")]
        return [
            {
                header: cell.get_text(" ", strip=True)
                for header, cell in zip(headers, row.select("td"), strict=True)
                if header
            }
            for row in listing.select("tbody tr")
        ]

    every = rows()
    assert list(every[0]) == ["Name", "Locale", "Channels", "Slug"]
    assert [(row["Name"].split()[0], row["Locale"]) for row in every] == [
        ("Press", "English"),
        ("Sales", "English"),
        ("Sales", "French"),
    ]
    assert every[2]["Channels"] == "WhatsApp, Telegram, E-mail, Instagram"
    assert rows(locale="fr") == every[2:]
    assert rows(q="parlons") == every[2:]
    assert rows(q="press") == every[:1]


def test_an_overriding_card_template_sees_the_blocks_value_and_the_page(
    client, card, home, settings, tmp_path
):
    (tmp_path / "wagtail_dm_button").mkdir()
    (tmp_path / "wagtail_dm_button" / "contact_card.html").write_text(
        '<section class="dm-card" data-page="{{ page.title }}" '
        'data-display="{{ value.display }}">{{ card.heading }}'
        "{% for button in buttons %}{{ button }}{% endfor %}</section>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    body = [("contact_card", {"card": card, "display": "inline"})]
    add_button_page(home, "showroom", body)
    section = soup(client.get("/showroom/").content).select_one("section.dm-card")
    assert (section["data-page"], section["data-display"]) == ("Showroom", "inline")
    assert len(buttons(section)) == 4
