"""Message variables: ``{page_title}``, ``{page_url}`` and ``{site_name}`` in a
message are filled in for the page being served, then encoded with the rest of
the message, wherever the message comes from; nothing else in braces is ever
interpreted, and every form refuses it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from wagtail import blocks, hooks

from tests.conftest import (
    account_form,
    add_button_page,
    buttons,
    make_account,
    make_card,
    only_button,
    render,
    settings_url,
    snippet_url,
    soup,
)
from tests.test_budgets import queries_to_serve
from wagtail_dm_button import tokens, variables
from wagtail_dm_button.blocks import MessageButtonBlock
from wagtail_dm_button.chooser_blocks import ContactOptionBlock
from wagtail_dm_button.models import MessageButtonSettings

ASKING = "Hi, about {page_title} ({page_url}) on {site_name}"

#: What a message may hold that looks like a variable but is none: each must stay
#: as typed, and be refused by every form.
NOT_VARIABLES = [
    "{page.owner}",
    "{page_title!r}",
    "{x:>99999}",
    "{{page_title}}",
    "{a{page_title}b}",
    "{page_title.__class__}",
    "{0}",
    "{unknown}",
]


def message(href):
    """The message a link carries, decoded."""
    query = parse_qs(urlsplit(href).query)
    (text,) = query.get("text") or query["body"]
    return text


@pytest.fixture
def named_site(site):
    site.site_name = "Furni & Co"
    site.save()
    return site


@pytest.fixture
def telegram(db):
    return make_account(slug="tg", channel="telegram", recipient="furni_shop")


def page_with(home, body, title="Sofas & chairs #1"):
    page = add_button_page(home, "sofas", body)
    page.title = title
    page.save_revision().publish()
    return page


def test_a_blocks_message_names_the_page_it_is_on(client, home, named_site, telegram):
    page = page_with(home, [("message_button", {"account": telegram, "text": ASKING})])
    (button,) = buttons(client.get(page.url).content)
    assert message(button["href"]) == (
        "Hi, about Sofas & chairs #1 (http://localhost/sofas/) on Furni & Co"
    )
    # "&" and "#" are encoded with the message, not taken as the link's own.
    assert "%26" in button["href"] and "%23" in button["href"]


def test_an_accounts_own_message_names_the_page(client, home, named_site):
    account = make_account(
        slug="mail", channel="email", recipient="hi@example.com", default_text=ASKING
    )
    page = page_with(home, [("message_button", {"account": account})])
    (button,) = buttons(client.get(page.url).content)
    assert button["href"].startswith("mailto:hi@example.com?body=")
    assert message(button["href"]) == (
        "Hi, about Sofas & chairs #1 (http://localhost/sofas/) on Furni & Co"
    )


def test_a_cards_options_name_the_page(client, home, named_site, telegram):
    card = make_card([{"account": telegram, "text": "About {page_title}"}])
    page = page_with(home, [("contact_card", {"card": card, "display": "inline"})])
    (button,) = buttons(client.get(page.url).content)
    assert message(button["href"]) == "About Sofas & chairs #1"


def test_a_tag_fills_in_the_page_of_its_template(rf, home, named_site, telegram):
    page = page_with(home, [])
    request = rf.get("/sofas/", HTTP_HOST="localhost")
    markup = render(
        '{% message_button "tg" text="About {page_title} on {site_name}" %}',
        request,
        page=page,
    )
    assert (
        message(only_button(markup)["href"]) == "About Sofas & chairs #1 on Furni & Co"
    )


def test_without_a_page_its_variables_are_empty_and_the_site_is_the_requests(
    rf, named_site, telegram
):
    request = rf.get("/", HTTP_HOST="localhost")
    markup = render(
        '{% message_button "tg" text="[{page_title}] {site_name}" %}', request
    )
    assert message(only_button(markup)["href"]) == "[] Furni & Co"


def test_a_page_that_is_no_wagtail_page_is_no_page(rf, named_site, telegram, caplog):
    """A view's own ``page`` in the context (a product, a dict) is not a Wagtail
    page: the variables are those of no page, with no warning."""

    class Product:
        title = "Oak table"
        locale = None

    request = rf.get("/", HTTP_HOST="localhost")
    markup = render(
        '{% message_button "tg" text="[{page_title}] {site_name}" %}',
        request,
        page=Product(),
    )
    assert message(only_button(markup)["href"]) == "[] Furni & Co"
    assert caplog.text == ""


def test_a_site_without_a_name_is_named_by_its_host(client, home, site, telegram):
    page = page_with(
        home, [("message_button", {"account": telegram, "text": "{site_name}"})]
    )
    assert message(buttons(client.get(page.url).content)[0]["href"]) == "localhost"


def test_a_value_is_cut_to_300_characters(client, home, site, telegram):
    page = page_with(
        home,
        [("message_button", {"account": telegram, "text": "<{page_title}>"})],
        title="x" * 255,
    )
    with hooks.register_temporarily(
        variables.HOOK_NAME, lambda: {"long": lambda request, page: "y" * 5000}
    ):
        markup = render('{% message_button "tg" text="<{long}>" %}', page=page)
    assert message(only_button(markup)["href"]) == "<" + "y" * 300 + ">"
    assert message(buttons(client.get(page.url).content)[0]["href"]) == (
        "<" + "x" * 255 + ">"
    )


def test_a_hook_adds_variables(rf, home, site, telegram):
    page = page_with(home, [])

    def register():
        return {"page_id": lambda request, page: f"#{page.pk}"}

    with hooks.register_temporarily(variables.HOOK_NAME, register):
        markup = render('{% message_button "tg" text="Page {page_id}" %}', page=page)
        variables.check("Page {page_id}")  # Known, so allowed.
    assert message(only_button(markup)["href"]) == f"Page #{page.pk}"
    with pytest.raises(ValidationError):
        variables.check("Page {page_id}")  # Gone with its hook.


def test_a_failing_hook_variable_is_left_as_typed(rf, home, site, telegram, caplog):
    def register():
        return {"broken": lambda request, page: 1 / 0, "not a name": str, "x": 1}

    def fails():
        raise RuntimeError("no variables today")

    registered = [(variables.HOOK_NAME, each) for each in (register, fails, list)]
    with hooks.register_temporarily(registered):
        markup = render('{% message_button "tg" text="A {broken} B {page_title}" %}')
    assert message(only_button(markup)["href"]) == "A {broken} B "
    for reason in ["ZeroDivisionError", "'not a name'", "'x'", "no variables today"]:
        assert reason in caplog.text


@pytest.mark.parametrize("typed", NOT_VARIABLES)
def test_what_is_no_variable_stays_as_stored(client, home, site, telegram, typed):
    """Stored before the forms refused it, or put there another way: the link
    carries it as typed, and nothing is evaluated."""
    page = page_with(home, [("message_button", {"account": telegram, "text": typed})])
    assert message(buttons(client.get(page.url).content)[0]["href"]) == typed


def test_braces_that_name_nothing_are_plain_text(client, home, site, telegram):
    typed = "{} { lone {page_title} } and {"
    page = page_with(home, [("message_button", {"account": telegram, "text": typed})])
    variables.check("{} { and {")
    assert message(buttons(client.get(page.url).content)[0]["href"]) == typed
    typed = "{} a { lone {page_title} and {"
    page.body = [("message_button", {"account": telegram, "text": typed})]
    page.save_revision().publish()
    assert message(buttons(client.get(page.url).content)[0]["href"]) == (
        "{} a { lone Sofas & chairs #1 and {"
    )


@pytest.mark.parametrize("typed", NOT_VARIABLES)
def test_every_form_refuses_what_is_no_variable(admin_client, telegram, typed):
    response = admin_client.post(
        snippet_url("add"), account_form(slug="new", default_text=f"Hi {typed}")
    )
    (error,) = response.context["form"].errors["default_text"]
    assert "{page_title}, {page_url}, {site_name}" in error
    for block in (MessageButtonBlock(), ContactOptionBlock()):
        value = block.to_python({"account": telegram.pk, "text": f"Hi {typed}"})
        with pytest.raises(blocks.StructBlockValidationError) as refused:
            block.clean(value)
        assert "text" in refused.value.block_errors


def test_forms_take_every_variable(admin_client, telegram):
    for block in (MessageButtonBlock(), ContactOptionBlock()):
        block.clean(block.to_python({"account": telegram.pk, "text": ASKING}))
    response = admin_client.post(
        snippet_url("add"),
        account_form(
            slug="new", channel="telegram", recipient="new_shop", default_text=ASKING
        ),
    )
    assert response.status_code == 302


def test_the_help_texts_name_the_variables(admin_client):
    for block in (MessageButtonBlock(), ContactOptionBlock()):
        assert "{page_title}" in str(block.child_blocks["text"].field.help_text)
    page = soup(admin_client.get(snippet_url("add")).content)
    help_text = page.select_one("#panel-child-button-child-default_text-helptext")
    assert "{page_url}" in help_text.get_text()


def test_previews_show_sample_values(admin_client, site):
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"),
        {"id": MessageButtonBlock().definition_prefix},
    )
    (button,) = buttons(response.content)
    assert message(button["href"]) == "Hello! I have a question about Sample page."
    account = make_account(
        slug="mail", channel="email", recipient="hi@example.com", default_text=ASKING
    )
    site_settings = MessageButtonSettings.for_site(site)
    site_settings.default_account = account
    site_settings.save()
    page = soup(admin_client.get(settings_url(site)).content)
    (button,) = page.select(".dm-button-preview a.dm-button")
    assert message(button["href"]) == (
        "Hi, about Sample page (https://www.example.com/sample-page/) on Sample site"
    )


@pytest.mark.parametrize("where", ["block", "account"])
def test_a_counted_link_fills_the_message_in_when_clicked(home, site, where):
    """The token keeps the message as typed (an account's own message is looked
    up when clicked, as it is then); the redirect fills it in for the page the
    link was on."""
    account = make_account(
        slug="tg",
        channel="telegram",
        recipient="furni_shop",
        default_text=ASKING if where == "account" else "",
    )
    site_settings = MessageButtonSettings.for_site(site)
    site_settings.count_clicks = True
    site_settings.save()
    text = ASKING if where == "block" else ""
    page = page_with(home, [("message_button", {"account": account, "text": text})])
    visitor = Client(headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"})
    (button,) = buttons(visitor.get(page.url).content)
    token = urlsplit(button["href"]).path.split("/")[-2]
    assert tokens.read(token).text == text
    response = visitor.get(urlsplit(button["href"]).path)
    assert message(response["Location"]) == (
        "Hi, about Sofas & chairs #1 (http://localhost/sofas/) on localhost"
    )


def test_variables_cost_no_query_per_button(client, home, site, telegram):
    counts = {}
    for number in (2, 20):
        body = [
            ("message_button", {"account": telegram, "text": f"{ASKING} {index}"})
            for index in range(number)
        ]
        page = add_button_page(home, f"asking-{number}", body)
        queries_to_serve(client, page)  # Wagtail's caches filled
        counts[number], response = queries_to_serve(client, page)
        assert "Asking-" in message(buttons(response.content)[-1]["href"])
    assert counts[2] == counts[20], counts
