"""What visitors get: the button markup and behaviour."""

import logging
from dataclasses import replace

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from wagtail import hooks
from wagtail.models import Page, Site

from tests.conftest import (
    RECIPIENTS,
    add_button_page,
    buttons,
    make_account,
    only_button,
    render,
    soup,
)
from tests.testapp.models import ButtonPage
from wagtail_dm_button import memo
from wagtail_dm_button.blocks import MessageButtonBlock
from wagtail_dm_button.channels import (
    BUILTIN_CHANNELS,
    HOOK_NAME,
    Channel,
    get_channel,
)
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings


@pytest.mark.parametrize("key", list(RECIPIENTS))
def test_a_button_is_a_plain_link_with_icon_label_and_new_tab_hint(db, site, key):
    typed, link = RECIPIENTS[key]
    account = make_account(slug=key, channel=key, recipient=typed)
    MessageButtonSettings.for_site(site)  # the defaults: open in a new tab
    button = only_button(render("{% message_button account %}", account=account))

    assert button["class"] == [
        "dm-button",
        f"dm-button--{key}",
        "dm-button--medium",
        "dm-button--filled",
    ]
    assert button["href"] == link
    assert button["data-dm-channel"] == key
    assert button["target"] == "_blank"
    assert button["rel"] == ["noopener", "noreferrer"]
    icon = button.select_one("svg.dm-button__icon")
    assert icon["aria-hidden"] == "true"
    assert icon["focusable"] == "false"
    assert icon.path["d"] == get_channel(key).icon
    assert button.select_one(".dm-button__label").get_text() == "Message us"
    assert button.select_one(".dm-button__hint").get_text() == "(opens in a new tab)"
    assert button.get_text(" ", strip=True) == "Message us (opens in a new tab)"


def test_without_new_tab_the_button_opens_in_place_and_says_nothing(site, account):
    MessageButtonSettings.objects.create(site=site, open_in_new_tab=False)
    button = only_button(render("{% message_button account %}", account=account))
    assert not button.has_attr("target")
    assert not button.has_attr("rel")
    assert button.select_one(".dm-button__hint") is None


def test_size_and_variant_are_classes(site, account):
    markup = render(
        '{% message_button account size="large" variant="outline" %}', account=account
    )
    assert {"dm-button--large", "dm-button--outline"} <= set(
        only_button(markup)["class"]
    )


def test_an_unknown_size_or_variant_falls_back_with_a_warning(site, account, caplog):
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        markup = render(
            '{% message_button account size="huge" variant="glow" %}', account=account
        )
    classes = only_button(markup)["class"]
    assert {"dm-button--medium", "dm-button--filled"} <= set(classes)
    assert "size 'huge'" in caplog.text
    assert "variant 'glow'" in caplog.text


# Which label, which message.


@pytest.mark.parametrize(
    ("account_fields", "tag_label", "shown"),
    [
        ({"label": "Chat with Anna", "display_name": "Furni"}, "Ask us", "Ask us"),
        ({"label": "Chat with Anna", "display_name": "Furni"}, "", "Chat with Anna"),
        ({"display_name": "Furni Shop"}, "", "Message Furni Shop"),
        ({}, "", "Message us"),
    ],
)
def test_label_precedence(site, account_fields, tag_label, shown):
    account = make_account(channel="telegram", recipient="furni_shop", **account_fields)
    markup = render("{% message_button account label=tag_label %}", **locals())
    assert only_button(markup).select_one(".dm-button__label").get_text() == shown


def test_an_x_account_is_labelled_with_its_screen_name(site):
    account = make_account(channel="x", recipient="1234567890", display_name="@furni")
    markup = render("{% message_button account %}", account=account)
    assert only_button(markup).select_one(".dm-button__label").get_text() == (
        "Message @furni"
    )


def test_the_message_is_the_tags_else_the_accounts_default(site):
    account = make_account(
        channel="whatsapp", recipient="+442079460000", default_text="Hello there"
    )
    own = render('{% message_button account text="Is it in stock?" %}', account=account)
    default = render("{% message_button account %}", account=account)
    assert (
        only_button(own)["href"]
        == "https://wa.me/442079460000?text=Is%20it%20in%20stock%3F"
    )
    assert (
        only_button(default)["href"] == "https://wa.me/442079460000?text=Hello%20there"
    )


def test_the_accounts_ref_goes_into_every_link_of_a_channel_that_takes_one(site):
    account = make_account(channel="messenger", recipient="furni.shop", ref="summer")
    markup = render('{% message_button account text="Hi" %}', account=account)
    assert only_button(markup)["href"] == "https://m.me/furni.shop?ref=summer&text=Hi"


def test_a_channel_without_a_message_ignores_the_text(site):
    account = make_account(channel="signal", recipient="+442079460000")
    markup = render('{% message_button account text="Hi" %}', account=account)
    assert only_button(markup)["href"] == "https://signal.me/#p/+442079460000"


# Which account.


def test_an_account_can_be_named_by_its_slug(site, account):
    markup = render('{% message_button "support" %}')
    assert only_button(markup)["href"] == "https://wa.me/442079460000"


def test_without_an_account_the_sites_default_is_used(site_default):
    assert only_button(render("{% message_button %}"))["href"] == (
        "https://wa.me/442079460000"
    )


def test_message_url_is_the_same_link_alone(site_default):
    assert render('{% message_url text="Hi & bye" %}') == (
        "https://wa.me/442079460000?text=Hi%20%26%20bye".replace("&", "&amp;")
    )
    assert render('{% message_url "support" %}') == "https://wa.me/442079460000"


@pytest.fixture
def other_site(db):
    """A second site, with its own root page, default account and a page."""
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=Page(title="Other home", slug="other-home"))
    other = Site.objects.create(hostname="other.test", port=80, root_page=other_home)
    account = make_account(slug="other", channel="telegram", recipient="other_shop")
    MessageButtonSettings.objects.create(site=other, default_account=account)
    return other


def test_each_site_shows_its_own_default(client, site_default, home, other_site):
    body = [("message_button", {"account": None, "label": "Write to us"})]
    add_button_page(home, "contact", body)
    add_button_page(other_site.root_page, "contact", body)

    first = only_button(client.get("/contact/").content)
    second = only_button(client.get("/contact/", HTTP_HOST="other.test").content)

    assert first["href"] == "https://wa.me/442079460000"
    assert second["href"] == "https://t.me/other_shop"


def test_a_site_without_a_default_never_shows_another_sites(
    client, site, home, other_site, caplog
):
    add_button_page(home, "contact", [("message_button", {"account": None})])
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        response = client.get("/contact/")
    assert response.status_code == 200
    assert buttons(response.content) == []
    assert "no default account" in caplog.text


# The block and the tag share one path.


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"label": "Ask Anna", "text": "Hello\nthere", "size": "large"},
        {"variant": "outline", "text": "50% off?"},
    ],
)
def test_the_block_renders_the_same_markup_as_the_tag(site, account, options):
    request = RequestFactory().get("/")
    block = MessageButtonBlock()
    value = block.to_python({"account": account.pk, **options})
    from_block = block.render(value, context={"request": request})
    arguments = " ".join(f"{name}={name}" for name in options)
    from_tag = render(
        "{% message_button account " + arguments + " %}",
        request=request,
        account=account,
        **options,
    )
    assert soup(from_block) == soup(from_tag)
    assert from_block.strip() == from_tag.strip()


def test_a_page_renders_blocks_with_chosen_accounts_and_the_default(
    client, site_default, home
):
    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    add_button_page(
        home,
        "contact",
        [
            ("message_button", {"account": telegram, "text": "Hi from the page"}),
            ("message_button", {"account": None, "label": "WhatsApp us"}),
        ],
    )
    found = buttons(client.get("/contact/").content)
    assert [b["href"] for b in found] == [
        "https://t.me/furni_shop?text=Hi%20from%20the%20page",
        "https://wa.me/442079460000",
    ]
    assert found[1].select_one(".dm-button__label").get_text() == "WhatsApp us"


def test_a_block_whose_account_was_deleted_uses_the_default(client, site_default, home):
    gone = make_account(slug="gone", channel="telegram", recipient="gone_shop")
    add_button_page(home, "contact", [("message_button", {"account": gone})])
    gone.delete()
    assert only_button(client.get("/contact/").content)["href"] == (
        "https://wa.me/442079460000"
    )


# Escaping: whatever editors and admins type reaches the page as text.

HOSTILE = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>&amp;"


def test_every_typed_text_is_escaped_in_text_and_attributes(site):
    account = make_account(
        name=HOSTILE,
        channel="whatsapp",
        recipient="+442079460000",
        display_name=HOSTILE,
        label="",
        default_text=HOSTILE,
    )
    for source in [
        "{% message_button account %}",
        "{% message_button account label=hostile text=hostile %}",
    ]:
        markup = render(source, account=account, hostile=HOSTILE)
        parsed = soup(markup)
        assert parsed.find("script") is None
        assert parsed.find("img") is None
        button = only_button(markup)
        assert HOSTILE in button.select_one(".dm-button__label").get_text()
        assert button["href"].startswith("https://wa.me/442079460000?text=%22%27%3E")
        assert "<" not in button["href"]


def test_a_stored_screen_name_that_no_longer_validates_leaves_the_button_out(
    site, caplog
):
    account = make_account(channel="x", recipient="1", display_name="furni")
    MessageAccount.objects.filter(pk=account.pk).update(display_name='a"b')
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        markup = render('{% message_button "support" %}')
    assert markup == ""
    assert "'support' is not usable" in caplog.text
    assert "1 to 15 letters" in caplog.text


# No usable account: nothing rendered, a warning, a comment under DEBUG.


@pytest.mark.parametrize(
    ("source", "setup", "reason"),
    [
        ("{% message_button %}", lambda account: None, "no default account"),
        ('{% message_button "nobody" %}', lambda account: None, "slug 'nobody'"),
        (
            '{% message_button "support" %}',
            lambda account: MessageAccount.objects.filter(pk=account.pk).update(
                recipient="020 7946 0000"
            ),
            "national number",
        ),
        (
            '{% message_button "support" %}',
            lambda account: MessageAccount.objects.filter(pk=account.pk).update(
                channel="fax"
            ),
            "'fax'",
        ),
    ],
)
def test_without_a_usable_account_nothing_is_rendered_and_a_warning_is_logged(
    site, account, settings, caplog, source, setup, reason
):
    setup(account)
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        markup = render(source)
    assert markup == ""
    assert reason in caplog.text

    settings.DEBUG = True
    comment = render(source)
    assert comment.startswith("<!-- Message button left out:")
    assert reason.replace("'", "&#x27;") in comment
    assert buttons(comment) == []


def test_a_served_page_logs_each_reason_once_with_the_count_of_buttons(
    client, site_default, account, home, caplog
):
    """A deleted default account on a page of 50 buttons is one line per page view,
    not 50."""
    add_button_page(home, "contact", [("message_button", {})] * 50)
    account.delete()
    for _view in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
            response = client.get("/contact/")
        assert response.status_code == 200
        assert buttons(response.content) == []
        (line,) = caplog.records
        assert line.getMessage() == (
            "Message button left out: no account was chosen and the site has no "
            "default account (Settings → Message buttons). (50 buttons in this "
            "request)"
        )


def test_each_reason_is_its_own_line_with_its_own_count(
    client, site_default, home, caplog
):
    gone = make_account(slug="gone", channel="telegram", recipient="gone_shop")
    body = [("message_button", {"size": "huge"})] * 3
    body += [("message_button", {"account": gone})] * 2
    body += [("message_button", {"label": "Fine"})]
    add_button_page(home, "contact", body)
    gone_id = gone.pk
    gone.delete()
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        response = client.get("/contact/")
    assert len(buttons(response.content)) == 6
    assert sorted(record.getMessage() for record in caplog.records) == [
        f"Message button block: account {gone_id} no longer exists; using the "
        "site's default. (2 buttons in this request)",
        "Message button size 'huge' is not one of medium, large; using 'medium'. "
        "(3 buttons in this request)",
    ]


def test_the_debug_comment_cannot_be_closed_early(site, settings):
    settings.DEBUG = True
    markup = render("{% message_button slug %}", slug="--><script>x</script>")
    assert markup.count("-->") == 1
    assert soup(markup).find("script") is None
    assert render('{% message_url "nobody" %}') == ""


# Assets and platform scripts: privacy first.


def test_by_default_the_assets_are_the_stylesheet_alone(site):
    parsed = soup(render("{% message_button_assets %}"))
    assert [link["href"] for link in parsed.find_all("link")] == [
        "/static/wagtail_dm_button/dm-button.css"
    ]
    assert parsed.find("script") is None


def test_assets_are_added_once_per_request(site):
    MessageButtonSettings.objects.create(site=site, load_platform_scripts=True)
    parsed = soup(render("{% message_button_assets %}{% message_button_assets %}"))
    assert len(parsed.find_all("link")) == 1
    assert len(parsed.find_all("script")) == 1


def test_with_platform_scripts_on_x_script_loads_async_with_the_csp_nonce(site):
    MessageButtonSettings.objects.create(site=site, load_platform_scripts=True)
    script = soup(render("{% message_button_assets %}", csp_nonce="n0nce")).script
    assert script["src"] == "https://platform.twitter.com/widgets.js"
    assert script.has_attr("async")
    assert script["nonce"] == "n0nce"


def test_with_platform_scripts_on_an_x_button_carries_xs_attributes(site):
    MessageButtonSettings.objects.create(site=site, load_platform_scripts=True)
    account = make_account(channel="x", recipient="783214", display_name="@furni")
    button = only_button(
        render('{% message_button account size="large" %}', **locals())
    )
    assert "twitter-dm-button" in button["class"]
    assert button["data-screen-name"] == "furni"
    assert button["data-size"] == "large"
    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    other = only_button(render("{% message_button telegram %}", telegram=telegram))
    assert "twitter-dm-button" not in other["class"]
    assert not other.has_attr("data-screen-name")


def test_with_platform_scripts_off_an_x_button_is_a_plain_link(site):
    account = make_account(channel="x", recipient="783214", display_name="@furni")
    button = only_button(
        render('{% message_button account size="large" %}', **locals())
    )
    assert "twitter-dm-button" not in button["class"]
    assert not button.has_attr("data-screen-name")
    assert not button.has_attr("data-size")


# Registered channels' own code cannot break a page or smuggle a link in.


TELEGRAM = next(channel for channel in BUILTIN_CHANNELS if channel.key == "telegram")


class JavascriptChannel(Channel):
    def build_link(self, recipient, *, text="", ref=""):
        return "javascript:alert(document.cookie)"


def hostile_channel():
    return JavascriptChannel(**{**TELEGRAM.__dict__, "key": "hostile"})


def failing_normaliser():
    def explode(value):
        raise TypeError("the normaliser broke")

    return replace(TELEGRAM, key="failing", recipient_rule=explode)


@pytest.mark.parametrize(
    ("register", "said"),
    [
        (hostile_channel, "not https://, mailto:, sms:, viber:"),
        (failing_normaliser, "TypeError('the normaliser broke')"),
    ],
)
def test_a_registered_channel_that_misbehaves_renders_nothing(
    site, caplog, register, said
):
    with hooks.register_temporarily(HOOK_NAME, register):
        account = make_account(channel="telegram", recipient="furni_shop")
        MessageAccount.objects.filter(pk=account.pk).update(channel=register().key)
        with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
            markup = render('{% message_button "support" %}')
    assert markup == ""
    assert said in caplog.text


# Templates that render the body without the request: {{ page.body }}.


def test_page_body_without_include_block_works_on_a_single_site(site_default, home):
    page = add_button_page(home, "contact", [("message_button", {"label": "Hi"})])
    markup = Template("{{ page.body }}").render(Context({"page": page}))
    assert only_button(markup)["href"] == "https://wa.me/442079460000"


def test_page_body_without_the_request_never_guesses_among_sites(
    site_default, other_site, caplog
):
    page = add_button_page(other_site.root_page, "contact", [("message_button", {})])
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        markup = Template("{{ page.body }}").render(Context({"page": page}))
    assert buttons(markup) == []
    assert "{% include_block %}" in caplog.text


def test_a_lone_surrogate_stored_in_the_streamfield_does_not_break_the_page(
    client, site_default, home
):
    page = add_button_page(home, "contact", [])
    ButtonPage.objects.filter(pk=page.pk).update(
        body='[{"type": "message_button", "value": {"label": "A\\ud800", '
        '"text": "B\\udfff"}, "id": "1"}]'
    )
    response = client.get("/contact/")
    assert response.status_code == 200
    button = only_button(response.content)
    assert button["href"] == "https://wa.me/442079460000?text=B%3F"
    assert button.select_one(".dm-button__label").get_text() == "A?"


def test_an_overriding_block_template_sees_the_value_and_the_page(
    client, site_default, home, settings, tmp_path
):
    (tmp_path / "wagtail_dm_button").mkdir()
    (tmp_path / "wagtail_dm_button" / "message_button.html").write_text(
        '<a class="dm-button" href="{{ button.href }}" data-page="{{ page.title }}">'
        "{{ value.label }}</a>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    add_button_page(home, "contact", [("message_button", {"label": "Own label"})])
    button = only_button(client.get("/contact/").content)
    assert button["data-page"] == "Contact"
    assert button.get_text() == "Own label"


def test_the_platform_script_carries_djangos_own_csp_nonce(site, rf):
    """Django 6's ContentSecurityPolicyMiddleware, with or without its context
    processor."""
    csp = pytest.importorskip(
        "django.middleware.csp", reason="Django has its own CSP from 6.0 on"
    )
    MessageButtonSettings.objects.create(site=site, load_platform_scripts=True)
    request = rf.get("/")
    csp.ContentSecurityPolicyMiddleware(lambda request: None).process_request(request)
    nonce = str(csp.get_nonce(request))
    without_processor = soup(render("{% message_button_assets %}", request=request))
    assert without_processor.script["nonce"] == nonce
    request = rf.get("/")
    with_processor = soup(
        render(
            "{% message_button_assets %}",
            request=request,
            csp_nonce=csp.get_nonce(request) or "from-the-processor",
        )
    )
    assert with_processor.script["nonce"] == "from-the-processor"


def test_a_blank_label_or_message_counts_as_none(site):
    account = make_account(
        channel="telegram", recipient="furni_shop", label=" ", default_text="Hi"
    )
    markup = render(
        "{% message_button account label=label text=text %}",
        account=account,
        label=" \n",
        text="  ",
    )
    button = only_button(markup)
    assert button.select_one(".dm-button__label").get_text() == "Message us"
    assert button["href"] == "https://t.me/furni_shop?text=Hi"
    labelled = only_button(
        render('{% message_button account label="  Ask  " %}', account=account)
    )
    assert labelled.select_one(".dm-button__label").get_text() == "Ask"


def test_one_request_shows_each_account_instance_as_it_is(site_default, account):
    """A request works out what it shows of an account once for all the buttons
    given that instance; another instance of the same account, changed and not
    saved (as a preview shows an editor's changes), shows its own values."""
    request = RequestFactory().get("/")
    edited = MessageAccount.objects.get(pk=account.pk)
    edited.label = "Write to the workshop"
    edited.recipient = "+44 20 7946 0999"
    markup = render(
        "{% message_button account %}{% message_button edited %}"
        "{% message_button account %}",
        request,
        account=account,
        edited=edited,
    )
    shown = [
        (b.select_one(".dm-button__label").get_text(), b["href"])
        for b in buttons(markup)
    ]
    assert shown == [
        ("Message us", "https://wa.me/442079460000"),
        ("Write to the workshop", "https://wa.me/442079460999"),
        ("Message us", "https://wa.me/442079460000"),
    ]


@pytest.mark.parametrize("given", [{"slug": "support"}, ["support"], 7, True])
def test_an_account_given_as_anything_else_is_left_out_or_read_as_text(
    site_default, caplog, given
):
    """A template that gives the tag a value that is no account and no slug (a
    dict, a list, a number) gets what that value's text names, if anything, and
    never an error."""
    request = RequestFactory().get("/")
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        markup = render(
            "{% message_button given %}{% message_button given %}", request, given=given
        )
    assert buttons(markup) == []
    assert f"no message account has the slug {str(given)!r}" in caplog.text


def test_a_pages_locale_that_is_not_a_locale_is_no_error(site_default):
    """Outside Wagtail's pages, a template's ``page`` may be anything: its
    ``locale`` is used only where Wagtail's i18n is on."""

    class Page:
        locale = "en"

    request = RequestFactory().get("/")
    markup = render("{% message_button %}{% message_button %}", request, page=Page())
    assert len(buttons(markup)) == 2


def test_one_request_works_out_each_account_once_for_all_its_buttons(
    site_default, account
):
    """What a request shows of an account is kept in the request's memo: one
    entry for all the buttons naming it the same way, in one language."""
    make_account(slug="night", channel="telegram", recipient="furni_night")
    request = RequestFactory().get("/")
    markup = render(
        '{% message_button %}{% message_button "night" %}{% message_button %}'
        '{% message_button "night" label="Late" %}{% message_button account %}'
        "{% message_button account %}",
        request,
        account=account,
    )
    assert len(buttons(markup)) == 6
    kept = [key for key in memo.memo_of(request) if key[0] == memo.SHOWN]
    assert len(kept) == 3  # the default, "night" and the account given
