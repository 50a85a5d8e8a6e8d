"""Properties that hold for any input (escaping, bad input), checked
with Hypothesis over every text that reaches the output: tag arguments, block fields
(of any stored type), and account fields stored without validation.

For every example: at most one ``<a>`` per button, and exactly one when the account
is usable; its href has an allowed scheme and the channel's own prefix; no element or
attribute the template does not have; the message round-trips through the link
exactly; the label reaches the page as text.
"""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.test import RequestFactory
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.conftest import RECIPIENTS, make_account, render, soup
from wagtail_dm_button.blocks import MessageButtonBlock
from wagtail_dm_button.channels import ALLOWED_SCHEMES, get_channel
from wagtail_dm_button.models import ContactCard, MessageAccount, MessageButtonSettings

TEMPLATE_SHAPE = {
    "a": {
        "class",
        "href",
        "data-dm-channel",
        "target",
        "rel",
        "data-screen-name",
        "data-size",
    },
    "svg": {"class", "viewbox", "aria-hidden", "focusable"},
    "path": {"d"},
    "span": {"class"},
}
CHANNEL_KEYS = list(RECIPIENTS)
QUERY_NAME = {
    "email": "body",
    "sms": "body",
    "apple_messages": "body",
    "teams": "message",
}

texts = st.text(max_size=300)
hostile_texts = st.one_of(
    texts,
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            "&amp;&lt;",
            "\u202e\u200b\x00\x1b",
            "{{ request }}{% now %}",
            "%0D%0ALocation:%20x",
        ]
    ),
)
stored_values = st.one_of(
    st.none(),
    hostile_texts,
    st.integers(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def check_button(markup, channel, *, label=None, message=None):
    """The invariants; returns the button (or None when none was rendered)."""
    parsed = soup(markup)
    links = parsed.find_all("a")
    assert len(links) <= 1
    for element in parsed.find_all(True):
        assert element.name in TEMPLATE_SHAPE, element.name
        assert set(element.attrs) <= TEMPLATE_SHAPE[element.name], element.attrs
    if not links:
        assert parsed.get_text().strip() == ""
        return None
    (button,) = links
    href = button["href"]
    assert href.startswith(ALLOWED_SCHEMES)
    link = link_format(channel, href)
    assert button["data-dm-channel"] == channel.key
    assert len(parsed.find_all("svg")) == len(parsed.find_all("path")) == 1
    shown = button.select_one(".dm-button__label").get_text()
    assert shown.strip()  # never an empty label
    if label and label.strip():
        assert shown == label.strip()
    if message and message.strip() and "text" in link.parameters:
        assert sent_message(href, channel) == as_link_text(message, link)
    return button


def link_format(channel, href):
    """Which of the channel's link formats ``href`` is (a channel may have more than
    one, each for some recipients): it must be one of them."""
    for link in (*channel.other_links, channel.link):
        start = link.template.split("{recipient}")[0]
        if href.startswith(start):
            recipient = unquote(re.split(r"[?&]", href[len(start) :])[0])
            if link is channel.link or link.takes(recipient):
                return link
    raise AssertionError(f"{href} is none of the links of {channel.key}")


def as_link_text(text, link):
    return re.sub(r"\r\n|\r|\n", link.line_break, text)


def sent_message(href, channel):
    query = urlsplit(href).query
    if channel.key == "line":
        return unquote(query)
    return parse_qs(query, keep_blank_values=True)[QUERY_NAME.get(channel.key, "text")][
        0
    ]


@given(
    key=st.sampled_from(CHANNEL_KEYS),
    label=hostile_texts,
    text=hostile_texts,
    size=st.one_of(st.sampled_from(["medium", "large"]), texts),
    variant=st.one_of(st.sampled_from(["filled", "outline"]), texts),
)
def test_any_tag_arguments_make_one_safe_button(site, key, label, text, size, variant):
    account = MessageAccount(
        slug=key,
        channel=key,
        recipient=get_channel(key).normalise_recipient(RECIPIENTS[key][0]),
    )
    markup = render(
        "{% message_button account label=label text=text size=size variant=variant %}",
        account=account,
        label=label,
        text=text,
        size=size,
        variant=variant,
    )
    button = check_button(markup, get_channel(key), label=label, message=text)
    assert button is not None


@given(
    account=stored_values,
    label=stored_values,
    text=stored_values,
    size=stored_values,
    variant=stored_values,
)
def test_any_stored_block_value_makes_one_safe_button(
    site_default, account, label, text, size, variant
):
    block = MessageButtonBlock()
    value = block.to_python(
        {
            "account": account,
            "label": label,
            "text": text,
            "size": size,
            "variant": variant,
        }
    )
    markup = block.render(value, context={"request": RequestFactory().get("/")})
    button = check_button(
        markup,
        value["account"].get_channel() if value["account"] else get_channel("whatsapp"),
        label=label if isinstance(label, str) else None,
        message=text if isinstance(text, str) else None,
    )
    assert button is not None


def stored(name, strategy, model=MessageAccount):
    """``strategy``'s texts cut to what ``model``'s column holds: PostgreSQL
    refuses a longer value where SQLite keeps it."""
    limit = model._meta.get_field(name).max_length
    return strategy.map(lambda text: text[:limit])


@given(
    channel=stored("channel", st.one_of(st.sampled_from(CHANNEL_KEYS), texts)),
    recipient=stored(
        "recipient",
        st.one_of(st.sampled_from([r[0] for r in RECIPIENTS.values()]), hostile_texts),
    ),
    display_name=stored("display_name", hostile_texts),
    label=stored("label", hostile_texts),
    default_text=stored("default_text", hostile_texts),
    ref=stored("ref", hostile_texts),
)
def test_any_stored_account_makes_a_safe_button_or_none(
    site, channel, recipient, display_name, label, default_text, ref
):
    assume(
        "\x00" not in channel + recipient + display_name + label + default_text + ref
    )
    if not MessageAccount.objects.filter(slug="stored").exists():
        make_account(slug="stored", channel="telegram", recipient="furni_shop")
    MessageAccount.objects.filter(slug="stored").update(
        channel=channel,
        recipient=recipient,
        display_name=display_name,
        label=label,
        default_text=default_text,
        ref=ref,
    )
    MessageButtonSettings.objects.update_or_create(
        site=site, defaults={"load_platform_scripts": True}
    )
    markup = render('{% message_button "stored" %}')
    if channel not in CHANNEL_KEYS:
        assert markup == ""
        return
    check_button(markup, get_channel(channel), label=label, message=default_text)


CARD_SHAPE = {
    **TEMPLATE_SHAPE,
    "button": {
        "class",
        "type",
        "popovertarget",
        "popovertargetaction",
        "aria-haspopup",
    },
    "div": {"class", "id", "popover", "role", "aria-labelledby"},
    "section": {"class", "id", "aria-labelledby"},
    "h2": {"class", "id"},
    "p": {"class"},
    "br": set(),
    "ul": {"class"},
    "li": set(),
}


@given(
    heading=stored("heading", hostile_texts, ContactCard).filter(str.strip),
    greeting=hostile_texts,
    reply_time=stored("reply_time", hostile_texts, ContactCard),
    options=st.lists(
        st.fixed_dictionaries(
            {"account": stored_values, "label": stored_values, "text": stored_values}
        ),
        min_size=1,
        max_size=12,
    ),
    display=st.one_of(st.sampled_from(["launcher", "inline"]), stored_values),
    label=hostile_texts,
)
def test_anything_typed_or_stored_in_a_card_makes_a_safe_card_or_none(
    site_default, heading, greeting, reply_time, options, display, label
):
    """Any words in a card, any stored option (accounts that are not ids, text
    that is not text), any display: the page never fails; the card is there with
    every typed word as text, or it is left out; every link is an allowed one."""
    assume("\x00" not in heading + greeting + reply_time)
    account = site_default.default_account
    card = ContactCard(
        name="Stored",
        slug="stored",
        heading=heading,
        greeting=greeting,
        reply_time=reply_time,
        options=[
            {
                "type": "option",
                "value": {**option, "account": option["account"] or account.pk},
            }
            for option in options
        ],
    )
    markup = render(
        "{% contact_card card display=display label=label %}",
        card=card,
        display=display,
        label=label,
    )
    parsed = soup(markup)
    for element in parsed.find_all(True):
        assert element.name in CARD_SHAPE, element.name
        assert set(element.attrs) <= CARD_SHAPE[element.name], element.attrs
    if not markup:
        return
    (card_element,) = parsed.select(".dm-card")
    assert card_element.h2.get_text() == heading
    for link in parsed.find_all("a"):
        assert link["href"].startswith(ALLOWED_SCHEMES)
    for item in card_element.select("ul.dm-card__options > li"):
        check_button(str(item.a), get_channel(item.a["data-dm-channel"]))
    if greeting.strip():
        shown = card_element.select_one(".dm-card__greeting")
        expected = re.sub(r"\r\n|\r|\n", "", greeting)
        assert shown.get_text() == expected
