"""Viber, KakaoTalk, Threema, Microsoft Teams, Apple Messages and Zalo, and what
Telegram, WhatsApp and Signal also take: what admins may type, how it is
stored, and the link each builds, parsed."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import buttons, make_account, render
from wagtail_dm_button.channels import ALLOWED_SCHEMES, get_channel

UUID = "f4a2c1d0-3b5e-4c7a-9d8f-0e1a2b3c4d5e"


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("viber", "+44 20 7946 0000", "+442079460000"),
        ("viber", "0044 20 7946 0000", "+442079460000"),
        ("viber", "viber://chat?number=%2B442079460000", "+442079460000"),
        ("viber", "furnishop", "furnishop"),
        ("viber", "Furni.Shop-bot_1", "Furni.Shop-bot_1"),
        ("viber", "viber://pa?chatURI=furnishop&context=spring", "furnishop"),
        ("kakaotalk", "_xkxoxgxj", "_xkxoxgxj"),
        ("kakaotalk", "https://pf.kakao.com/_xkxoxgxj", "_xkxoxgxj"),
        ("kakaotalk", "https://pf.kakao.com/_xkxoxgxj/chat", "_xkxoxgxj"),
        ("kakaotalk", "pf.kakao.com/_ZeUTxl/friend", "_ZeUTxl"),
        ("threema", "ECHOECHO", "ECHOECHO"),
        ("threema", "echoecho", "ECHOECHO"),
        ("threema", "*CHXCBOT", "*CHXCBOT"),
        ("threema", "https://threema.id/ECHOECHO?text=hi", "ECHOECHO"),
        ("teams", "anna@furni.example", "anna@furni.example"),
        (
            "teams",
            "https://teams.microsoft.com/l/chat/0/0?users=anna@furni.example",
            "anna@furni.example",
        ),
        ("apple_messages", UUID, UUID),
        ("apple_messages", UUID.upper(), UUID),
        ("apple_messages", f"https://bcrw.apple.com/urn:biz:{UUID}", UUID),
        ("apple_messages", f"https://bcrw.apple.com/urn:biz:{UUID}?body=hi", UUID),
        ("zalo", "0912345678", "0912345678"),
        ("zalo", "+84 912 345 678", "84912345678"),
        ("zalo", "https://zalo.me/0912345678", "0912345678"),
        ("zalo", "https://zalo.me/2792481929472138522", "2792481929472138522"),
        # What Telegram, WhatsApp and Signal also take.
        ("telegram", "+44 20 7946 0000", "+442079460000"),
        ("telegram", "https://t.me/+442079460000", "+442079460000"),
        ("telegram", "furni_shop", "furni_shop"),
        ("whatsapp", "https://wa.me/message/IAGN3LPP3IXNI1", "message/IAGN3LPP3IXNI1"),
        ("whatsapp", "wa.me/message/IAGN3LPP3IXNI1", "message/IAGN3LPP3IXNI1"),
        (
            "signal",
            "https://signal.me/#eu/VrX8zXn4-Qk_h4F2pYd1xA",
            "#eu/VrX8zXn4-Qk_h4F2pYd1xA",
        ),
    ],
)
def test_a_recipient_is_accepted_and_stored_normalised(key, typed, stored):
    assert get_channel(key).normalise_recipient(typed) == stored


@pytest.mark.parametrize(
    ("key", "typed", "says"),
    [
        ("viber", "020 7946 0000", "national number"),
        ("viber", "1bot", "a letter, then up to 63"),
        ("viber", "furni shop", "a letter, then up to 63"),
        ("viber", "a" * 65, "a letter, then up to 63"),
        ("kakaotalk", "xkxoxgxj", "with its underscore"),
        ("kakaotalk", "_xk-xo", "with its underscore"),
        ("kakaotalk", "https://pf.kakao.com/", "not the address of a profile"),
        ("threema", "ECHOECH", "8 letters and digits"),
        ("threema", "ECHO ECHO", "8 letters and digits"),
        ("threema", "ECHOECHO1", "8 letters and digits"),
        ("teams", "anna", "not an e-mail address"),
        ("teams", "https://teams.microsoft.com/l/meetup-join/x", "not the address"),
        ("apple_messages", "furni", "Messages for Business id"),
        ("apple_messages", UUID + "0", "Messages for Business id"),
        ("zalo", "09123-45678", "digits only"),
        ("zalo", "furni", "digits only"),
        ("zalo", "12345", "digits only"),
        ("telegram", "https://t.me/+AbCdEfGhIj", "not a valid user name"),
        ("whatsapp", "https://wa.me/message/", "not the address of a profile"),
        ("whatsapp", "message/ab cd", "not a WhatsApp short link"),
        ("signal", "https://signal.me/#eu/", "not the address of a profile"),
        ("signal", "#eu/a b", "not a Signal username link"),
    ],
)
def test_a_wrong_recipient_says_what_to_type_instead(key, typed, says):
    with pytest.raises(ValidationError) as refused:
        get_channel(key).normalise_recipient(typed)
    assert says in " ".join(refused.value.messages)


def parts(link):
    split = urlsplit(link)
    return split.scheme, split.netloc, split.path, parse_qs(split.query)


@pytest.mark.parametrize(
    ("key", "recipient", "link"),
    [
        (
            "viber",
            "+442079460000",
            ("viber", "chat", "", {"number": ["+442079460000"]}),
        ),
        (
            "viber",
            "furnishop",
            (
                "viber",
                "pa",
                "",
                {"chatURI": ["furnishop"], "context": ["spring"], "text": ["Hi & bye"]},
            ),
        ),
        ("kakaotalk", "_xkxoxgxj", ("https", "pf.kakao.com", "/_xkxoxgxj/chat", {})),
        (
            "threema",
            "*CHXCBOT",
            ("https", "threema.id", "/*CHXCBOT", {"text": ["Hi & bye"]}),
        ),
        (
            "teams",
            "anna@furni.example",
            (
                "https",
                "teams.microsoft.com",
                "/l/chat/0/0",
                {"users": ["anna@furni.example"], "message": ["Hi & bye"]},
            ),
        ),
        (
            "apple_messages",
            UUID,
            ("https", "bcrw.apple.com", f"/urn:biz:{UUID}", {"body": ["Hi & bye"]}),
        ),
        ("zalo", "0912345678", ("https", "zalo.me", "/0912345678", {})),
        (
            "telegram",
            "+442079460000",
            ("https", "t.me", "/+442079460000", {"text": ["Hi & bye"]}),
        ),
        (
            "whatsapp",
            "message/IAGN3LPP3IXNI1",
            ("https", "wa.me", "/message/IAGN3LPP3IXNI1", {}),
        ),
        (
            "whatsapp",
            "442079460000",
            ("https", "wa.me", "/442079460000", {"text": ["Hi & bye"]}),
        ),
        ("signal", "#eu/VrX8zXn4-Qk_h4F2pYd1xA", ("https", "signal.me", "/", {})),
    ],
)
def test_each_link_has_its_documented_shape(key, recipient, link):
    """The message and ref only where the link takes them: never on a Viber phone
    chat (no source documents one), a KakaoTalk or Zalo chat, or a WhatsApp short
    link, which carries its own."""
    built = get_channel(key).button_link(recipient, text="Hi & bye", ref="spring")
    assert parts(built) == link


def test_the_viber_phone_link_encodes_the_plus_and_the_signal_link_keeps_its_fragment():
    assert get_channel("viber").build_link("+442079460000") == (
        "viber://chat?number=%2B442079460000"
    )
    assert get_channel("signal").build_link("#eu/VrX8zXn4-Qk_h4F2pYd1xA") == (
        "https://signal.me/#eu/VrX8zXn4-Qk_h4F2pYd1xA"
    )


NEW = ["viber", "kakaotalk", "threema", "teams", "apple_messages", "zalo"]


@pytest.mark.parametrize("key", [*NEW, "telegram", "whatsapp", "signal"])
@given(typed=st.text(max_size=80))
def test_no_typed_recipient_makes_a_link_outside_the_allowlist(key, typed):
    channel = get_channel(key)
    try:
        recipient = channel.normalise_recipient(typed)
    except ValidationError:
        return
    link = channel.button_link(recipient, text=typed, ref="r")
    assert link.startswith(ALLOWED_SCHEMES)
    scheme, host, _path, _query = parts(link)
    expected = channel.link_for(recipient).template.split("{recipient}")[0]
    assert link.startswith(expected)
    assert not any(character.isspace() for character in link)


@pytest.mark.django_db
def test_the_new_channels_render_as_buttons(site_default):
    typed = {
        "viber": "+44 20 7946 0000",
        "kakaotalk": "_xkxoxgxj",
        "threema": "ECHOECHO",
        "teams": "anna@furni.example",
        "apple_messages": UUID,
        "zalo": "0912345678",
    }
    for key, recipient in typed.items():
        make_account(slug=key.replace("_", "-"), channel=key, recipient=recipient)
        (button,) = buttons(render(f'{{% message_button "{key.replace("_", "-")}" %}}'))
        assert button["data-dm-channel"] == key
        assert button["href"].startswith(ALLOWED_SCHEMES)
        assert button.select_one("svg path")["d"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "recipient", "field"),
    [
        ("whatsapp", "https://wa.me/message/IAGN3LPP3IXNI1", "default_text"),
        ("viber", "+44 20 7946 0000", "default_text"),
        ("viber", "+44 20 7946 0000", "ref"),
    ],
)
def test_a_message_or_ref_the_recipients_link_cannot_carry_is_refused(
    key, recipient, field
):
    """Where only some of a channel's links take a message (a WhatsApp short link
    carries its own; a Viber phone chat documents none), the form says so rather
    than dropping it."""
    from wagtail_dm_button.models import MessageAccount

    account = MessageAccount(
        name="A", slug="a", channel=key, recipient=recipient, **{field: "spring"}
    )
    with pytest.raises(ValidationError) as refused:
        account.full_clean()
    assert field in refused.value.message_dict
    bot = MessageAccount(
        name="B", slug="b", channel="viber", recipient="furnishop", **{field: "spring"}
    )
    bot.full_clean()  # A Viber bot takes both.
