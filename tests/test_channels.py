"""The channel registry: links, identifiers and registered channels."""

from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from wagtail import hooks

from wagtail_dm_button.channels import (
    BUILTIN_CHANNELS,
    HOOK_NAME,
    BrandColours,
    Channel,
    LinkFormat,
    PlatformScript,
    UnknownChannelError,
    channel_choices,
    get_channel,
    get_channels,
    get_registration_problems,
    normalise_ref,
    percent_encode,
)
from wagtail_dm_button.identifiers import UserName

MESSAGE = "Hi! Is the oak table (120 cm) still 50% off? Ça va & à bientôt\nThanks"


@pytest.mark.parametrize(
    ("key", "recipient", "options", "link"),
    [
        (
            "x",
            "1234567890",
            {},
            "https://x.com/messages/compose?recipient_id=1234567890",
        ),
        (
            "x",
            "1234567890",
            {"text": "Hi & bye"},
            "https://x.com/messages/compose?recipient_id=1234567890&text=Hi%20%26%20bye",
        ),
        ("messenger", "furni.shop", {}, "https://m.me/furni.shop"),
        (
            "messenger",
            "furni.shop",
            {"text": "Hi", "ref": "spring_sale"},
            "https://m.me/furni.shop?ref=spring_sale&text=Hi",
        ),
        ("messenger", "furni.shop", {"text": "Hi"}, "https://m.me/furni.shop?text=Hi"),
        ("whatsapp", "442079460000", {}, "https://wa.me/442079460000"),
        (
            "whatsapp",
            "442079460000",
            {"text": "50% off?"},
            "https://wa.me/442079460000?text=50%25%20off%3F",
        ),
        ("telegram", "furni_shop", {"text": "Hi"}, "https://t.me/furni_shop?text=Hi"),
        ("instagram", "furni.shop", {}, "https://ig.me/m/furni.shop"),
        (
            "instagram",
            "furni.shop",
            {"ref": "ad1"},
            "https://ig.me/m/furni.shop?ref=ad1",
        ),
        ("signal", "+442079460000", {}, "https://signal.me/#p/+442079460000"),
        ("line", "@123abcde", {}, "https://line.me/R/oaMessage/%40123abcde/"),
        (
            "line",
            "@123abcde",
            {"text": "Hello world"},
            "https://line.me/R/oaMessage/%40123abcde/?Hello%20world",
        ),
        ("sms", "+442079460000", {}, "sms:+442079460000"),
        (
            "sms",
            "+442079460000",
            {"text": "Call me back"},
            "sms:+442079460000?body=Call%20me%20back",
        ),
        ("email", "hello@example.com", {}, "mailto:hello@example.com"),
        (
            "email",
            "hello@example.com",
            {"text": "Line one\nLine two"},
            "mailto:hello@example.com?body=Line%20one%0D%0ALine%20two",
        ),
    ],
)
def test_each_channel_builds_its_documented_link(key, recipient, options, link):
    assert get_channel(key).build_link(recipient, **options) == link


@pytest.mark.parametrize("channel", BUILTIN_CHANNELS, ids=lambda c: c.key)
def test_options_a_channel_does_not_take_are_left_out(channel):
    link = channel.build_link("x", text="the text", ref="the_ref")
    assert ("the%20text" in link) == channel.supports("text")
    assert ("the_ref" in link) == channel.supports("ref")


def test_which_channels_take_a_message_and_which_a_ref():
    channels = get_channels()
    assert {key for key, c in channels.items() if not c.supports("text")} == {
        "instagram",
        "signal",
        "kakaotalk",
        "zalo",
    }
    assert {key for key, c in channels.items() if c.supports("ref")} == {
        "messenger",
        "instagram",
        "viber",
    }


@pytest.mark.parametrize(
    ("key", "recipient", "parameter"),
    [
        ("x", "1234567890", "text"),
        ("messenger", "furni.shop", "text"),
        ("whatsapp", "442079460000", "text"),
        ("telegram", "furni_shop", "text"),
        ("sms", "+442079460000", "body"),
    ],
)
def test_the_message_round_trips_through_the_query_exactly(key, recipient, parameter):
    link = get_channel(key).build_link(recipient, text=MESSAGE)
    assert parse_qs(urlsplit(link).query)[parameter] == [MESSAGE]


def test_line_carries_the_message_as_the_whole_query():
    link = get_channel("line").build_link("@furni", text=MESSAGE)
    assert unquote(urlsplit(link).query) == MESSAGE


def test_email_line_breaks_become_crlf_as_rfc_6068_asks():
    link = get_channel("email").build_link("a@example.com", text="a\nb\r\nc\rd")
    assert link.endswith("?body=a%0D%0Ab%0D%0Ac%0D%0Ad")


def test_a_recipient_is_percent_encoded_not_pasted():
    link = get_channel("telegram").build_link("a/b?c#d")
    assert link == "https://t.me/a%2Fb%3Fc%23d"


def test_every_builtin_link_has_an_allowed_scheme():
    for channel in BUILTIN_CHANNELS:
        assert channel.build_link("1").startswith(
            ("https://", "mailto:", "sms:", "viber:")
        )


# Identifiers: what is accepted and how it is stored.


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("x", "1234567890", "1234567890"),
        ("x", " 1234567890 ", "1234567890"),
        ("x", "https://x.com/messages/compose?recipient_id=783214", "783214"),
        (
            "x",
            "https://twitter.com/messages/compose?text=hi&recipient_id=783214",
            "783214",
        ),
        ("x", "https://x.com/i/user/783214", "783214"),
        ("messenger", "furni.shop", "furni.shop"),
        ("messenger", "@furni.shop", "furni.shop"),
        ("messenger", "https://m.me/furni.shop", "furni.shop"),
        ("messenger", "https://www.facebook.com/furni.shop/", "furni.shop"),
        ("messenger", "https://www.messenger.com/t/furni.shop", "furni.shop"),
        (
            "messenger",
            "https://www.facebook.com/profile.php?id=100064123456789",
            "100064123456789",
        ),
        ("whatsapp", "+44 20 7946 0000", "442079460000"),
        ("whatsapp", "0044 (20) 7946-0000", "442079460000"),
        ("whatsapp", "+1.415.555.0100", "14155550100"),
        ("whatsapp", "+44 (0) 20 7946 0000", "442079460000"),
        ("whatsapp", "+44 ( 0 ) 20 7946 0000", "442079460000"),
        ("whatsapp", "(+44) 20 7946 0000", "442079460000"),
        (
            "whatsapp",
            "https://api.whatsapp.com/send?phone=%2B442079460000",
            "442079460000",
        ),
        ("sms", "0044 (0)20 7946 0000", "+442079460000"),
        ("whatsapp", "442079460000", "442079460000"),
        ("whatsapp", "https://wa.me/442079460000", "442079460000"),
        ("whatsapp", "https://wa.me/442079460000?text=hi", "442079460000"),
        (
            "whatsapp",
            "https://api.whatsapp.com/send?phone=442079460000",
            "442079460000",
        ),
        ("telegram", "furni_shop", "furni_shop"),
        ("telegram", "@furni_shop", "furni_shop"),
        ("telegram", "https://t.me/furni", "furni"),
        ("telegram", "t.me/furni_shop", "furni_shop"),
        ("telegram", "https://telegram.me/furni_shop", "furni_shop"),
        ("instagram", "furni.shop", "furni.shop"),
        ("instagram", "@furni_shop", "furni_shop"),
        ("instagram", "https://www.instagram.com/furni.shop/", "furni.shop"),
        ("instagram", "https://ig.me/m/furni.shop", "furni.shop"),
        ("signal", "+44 20 7946 0000", "+442079460000"),
        ("signal", "https://signal.me/#p/+442079460000", "+442079460000"),
        ("line", "@123abcde", "@123abcde"),
        ("line", "123abcde", "@123abcde"),
        ("line", "@FurniShop", "@furnishop"),
        ("line", "https://line.me/R/ti/p/@123abcde", "@123abcde"),
        ("line", "https://line.me/R/oaMessage/%40123abcde/?hi", "@123abcde"),
        ("line", "https://page.line.me/123abcde", "@123abcde"),
        (
            "messenger",
            "https://www.facebook.com/furni.shop?ref=bookmarks",
            "furni.shop",
        ),
        ("instagram", "https://www.instagram.com/furni.shop/?hl=en", "furni.shop"),
        ("sms", "+44 20 7946 0000", "+442079460000"),
        ("sms", "tel:+442079460000", "+442079460000"),
        ("sms", "sms:+442079460000?body=hi", "+442079460000"),
        ("email", "hello@example.com", "hello@example.com"),
        ("email", "mailto:hello@example.com?subject=hi", "hello@example.com"),
    ],
)
def test_an_identifier_is_accepted_and_stored_normalised(key, typed, stored):
    assert get_channel(key).normalise_recipient(typed) == stored


def refusal(key, typed):
    with pytest.raises(ValidationError) as error:
        get_channel(key).normalise_recipient(typed)
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    "typed", ["@furni", "furni", "https://x.com/furni", "https://twitter.com/furni/"]
)
def test_an_x_account_given_a_handle_explains_that_x_needs_the_numeric_id(typed):
    message = refusal("x", typed)
    assert "numeric user id" in message
    assert "not its screen name “@furni”" in message
    assert "Display name" in message
    assert "lookup tool" in message


def test_an_x_profile_link_is_a_screen_name_even_when_it_is_all_digits():
    assert "not its screen name “@12345”" in refusal("x", "https://x.com/12345")


@pytest.mark.parametrize("typed", ["12ab-34", "123456789012345678901", "", "١٢٣"])
def test_an_x_id_that_is_not_digits_asks_for_digits(typed):
    assert "1 to 20 digits" in refusal("x", typed)


@pytest.mark.parametrize(
    ("key", "typed"),
    [
        ("messenger", "https://www.facebook.com/profile.php"),
        ("messenger", "https://www.facebook.com/pages/Furni/123456"),
        ("messenger", "https://www.facebook.com/groups/furniclub"),
        ("messenger", "https://www.facebook.com/furni.shop/posts/123"),
        ("instagram", "https://www.instagram.com/p/Cabc123/"),
        ("instagram", "https://www.instagram.com/explore/"),
        ("telegram", "https://t.me/joinchat/AAAAAE"),
        ("telegram", "https://example.com/furni_shop"),
        ("whatsapp", "https://example.com/442079460000"),
        ("line", "https://line.me/R/ti/p/@123abcde/extra"),
        ("x", "https://x.com/home"),
    ],
)
def test_a_link_that_is_not_a_profile_is_refused_asking_for_the_profile(key, typed):
    assert "is not the address of a profile" in refusal(key, typed)


def test_an_x_page_address_is_not_taken_for_a_screen_name():
    with pytest.raises(ValidationError, match="not the address of a profile"):
        get_channel("x").normalise_display_name("https://x.com/explore")


def test_a_national_phone_number_is_refused_asking_for_the_country_code():
    for key in ("whatsapp", "signal", "sms"):
        message = refusal(key, "020 7946 0000")
        assert "national number" in message
        assert "country code" in message


@pytest.mark.parametrize(
    "typed",
    [
        "+44 20 7946 0000 ext 3",
        "call +4420",
        "+44 20 ７９４６ 0000",
        "+44\u202e20 7946 0000",
        "+44 20 7946 0000\x00",
    ],
)
def test_a_phone_number_with_other_characters_is_refused(typed):
    assert "digits, spaces, dashes, dots and brackets only" in refusal(
        "whatsapp", typed
    )


@pytest.mark.parametrize("typed", ["+44 123", "+1234567890123456", "+0 20 7946 0000"])
def test_a_phone_number_of_the_wrong_length_is_refused(typed):
    assert "7 to 15 digits" in refusal("signal", typed)


@pytest.mark.parametrize(
    ("key", "typed", "says"),
    [
        ("messenger", "furn", "5 to 50 letters, digits and dots"),
        ("messenger", "furni_shop", "5 to 50 letters, digits and dots"),
        ("telegram", "1furni", "starting with a letter"),
        ("telegram", "furn", "5 to 32 letters"),
        ("telegram", "furni-shop", "5 to 32 letters"),
        ("instagram", "furni shop", "1 to 30 letters"),
        ("instagram", "a" * 31, "1 to 30 letters"),
        ("line", "@a", "LINE official account id"),
        ("line", "@furni shop", "LINE official account id"),
        ("email", "hello", "not an e-mail address"),
        ("email", "hello@exa mple.com", "not an e-mail address"),
        ("email", "javascript:alert(1)", "not an e-mail address"),
    ],
)
def test_a_wrong_identifier_says_what_to_type_instead(key, typed, says):
    assert says in refusal(key, typed)


def test_the_x_display_name_is_a_screen_name_without_its_at():
    x = get_channel("x")
    assert x.normalise_display_name("@furni") == "furni"
    assert x.normalise_display_name("https://x.com/furni_uk") == "furni_uk"
    with pytest.raises(ValidationError, match="1 to 15 letters"):
        x.normalise_display_name("Furni Shop")
    assert x.show_display_name("furni") == "@furni"


def test_other_channels_keep_the_display_name_as_typed():
    assert (
        get_channel("whatsapp").normalise_display_name(" Furni Shop ") == "Furni Shop"
    )
    assert get_channel("whatsapp").show_display_name("Furni Shop") == "Furni Shop"


def test_a_tracking_reference_is_checked():
    assert normalise_ref("spring_sale-2026") == "spring_sale-2026"
    with pytest.raises(ValidationError, match="up to 250 letters"):
        normalise_ref("spring sale")


# The registry.


def test_the_fifteen_channels_are_registered_in_order():
    assert list(get_channels()) == [
        "x",
        "messenger",
        "whatsapp",
        "telegram",
        "instagram",
        "signal",
        "line",
        "sms",
        "email",
        "viber",
        "kakaotalk",
        "threema",
        "teams",
        "apple_messages",
        "zalo",
    ]
    assert channel_choices()[0] == ("x", get_channel("x").label)


def test_an_unknown_key_raises_a_lookup_error_naming_it():
    with pytest.raises(UnknownChannelError, match="'fax'"):
        get_channel("fax")


def wire():
    return Channel(
        key="wire",
        label="Wire",
        icon="M0 0h24v24H0z",
        recipient_rule=UserName(
            r"[a-z]{3,20}", rule="3 to 20 letters", example="furni"
        ),
        link=LinkFormat("https://wire.example/chat/{recipient}", {"text": "draft"}),
        colours=BrandColours("#7360f2", "#ffffff", "#7360f2"),
    )


def test_a_channel_registered_through_the_hook_is_offered_and_builds_links():
    with hooks.register_temporarily(HOOK_NAME, wire):
        channel = get_channel("wire")
        assert ("wire", "Wire") in channel_choices()
        assert channel.build_link("furni", text="Hi there") == (
            "https://wire.example/chat/furni?draft=Hi%20there"
        )
    assert "wire" not in get_channels()


def test_a_registered_channel_may_replace_a_builtin_one():
    builtin_telegram = get_channel("telegram")

    def telegram_with_other_colours():
        return replace(
            builtin_telegram, colours=BrandColours("#000000", "#ffffff", "#000000")
        )

    with hooks.register_temporarily(HOOK_NAME, telegram_with_other_colours):
        assert get_channel("telegram").colours.background == "#000000"
        assert list(get_channels())[3] == "telegram"


@pytest.mark.parametrize(
    ("returned", "says"),
    [
        (lambda: "wire", "must return a wagtail_dm_button.channels.Channel"),
        (
            lambda: replace(wire(), key="Wire App"),
            "a key is 1 to 32 lowercase letters",
        ),
        (
            lambda: replace(wire(), colours=BrandColours("purple", "#fff", "#000")),
            "must be written #rrggbb",
        ),
        (
            lambda: Channel(**{**wire().__dict__, "recipient_rule": None}, recipient=1),
            "Channel(recipient=…) is now Channel(recipient_rule=…)",
        ),
        (lambda: 1 / 0, "failed: ZeroDivisionError('division by zero')"),
    ],
)
def test_a_misdeclared_channel_is_left_out_saying_what_to_do(returned, says, caplog):
    with hooks.register_temporarily(HOOK_NAME, returned):
        assert list(get_channels()) == [channel.key for channel in BUILTIN_CHANNELS]
        (problem,) = get_registration_problems()
    assert says in problem
    assert says in caplog.text


def test_two_functions_registering_one_key_are_refused():
    def another_wire():
        return wire()

    with hooks.register_temporarily([(HOOK_NAME, wire), (HOOK_NAME, another_wire)]):
        assert get_channel("wire")
        (problem,) = get_registration_problems()
    assert "both register the channel 'wire'; keep one" in problem


def test_a_channel_whose_link_format_is_refused_is_left_out():
    def fax():
        return replace(wire(), key="fax", link=LinkFormat("tel:{recipient}"))

    with hooks.register_temporarily(HOOK_NAME, fax):
        assert "fax" not in get_channels()
        (problem,) = get_registration_problems()
    assert problem.startswith("tests.test_channels.")
    assert "must start with one of https://, mailto:, sms:, viber:" in problem


@pytest.mark.parametrize(
    "template",
    [
        "javascript:alert({recipient})",
        "http://example.com/{recipient}",
        "data:text/html,{recipient}",
        "tel:{recipient}",
    ],
)
def test_a_link_format_with_another_scheme_is_refused(template):
    with pytest.raises(ImproperlyConfigured, match="must start with one of"):
        LinkFormat(template)


def test_a_link_format_takes_only_the_known_options():
    with pytest.raises(ImproperlyConfigured, match="not subject"):
        LinkFormat("https://example.com/{recipient}", {"subject": "subject"})
    for template in [
        "https://example.com/",
        "https://example.com/{recipient}/{page}",
        "https://example.com/{recipient}/{",
    ]:
        with pytest.raises(ImproperlyConfigured, match="must hold {recipient} and no"):
            LinkFormat(template)


def test_a_lone_surrogate_in_a_message_is_replaced_not_raised():
    link = get_channel("whatsapp").build_link("442079460000", text="a\ud800b")
    assert link == "https://wa.me/442079460000?text=a%3Fb"


def test_a_registered_link_must_be_a_link_format_and_a_script_https():
    class Anything:
        def build(self, recipient, options):
            return "javascript:alert(1)"

    def duck():
        return replace(wire(), key="duck", link=Anything())

    def insecure():
        return replace(
            wire(),
            key="insecure",
            platform=PlatformScript("http://cdn.example/w.js", "w-button"),
        )

    with hooks.register_temporarily([(HOOK_NAME, duck), (HOOK_NAME, insecure)]):
        assert "duck" not in get_channels()
        assert "insecure" not in get_channels()
        first, second = get_registration_problems()
    assert "it must be a LinkFormat" in first
    assert "must load over https://" in second


def test_the_readme_example_channel_registers_and_builds_links():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    example = readme.split("### Adding a channel", 1)[1].split("```python", 1)[1]
    source = example.split("```", 1)[0].replace(
        '@hooks.register("register_dm_button_channel")\n', ""
    )
    namespace = {}
    exec(source, namespace)  # noqa: S102  (our own README)
    with hooks.register_temporarily(HOOK_NAME, namespace["wire"]):
        wire = get_channel("wire")
        assert wire.normalise_recipient("+44 20 7946 0000") == "+442079460000"
        assert wire.build_link("+442079460000", text="Hi") == (
            "https://wire.example/chat/+442079460000?draft=Hi"
        )
        assert get_registration_problems() == ()


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
def test_option_values_are_percent_encoded_exactly_as_quote_does(value):
    assert percent_encode(value) == quote(value, safe="", errors="replace")
