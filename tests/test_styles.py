"""The stylesheet: small, themable, contrast, focus, target size; channel colours
made from the channels' declarations."""

import gzip
import re
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from wagtail import hooks

import wagtail_dm_button
from wagtail_dm_button.channels import BUILTIN_CHANNELS, HOOK_NAME, BrandColours
from wagtail_dm_button.styles import channel_rules

#: The stylesheet as installed (the repository's, or the wheel's).
STYLESHEET = (
    Path(wagtail_dm_button.__file__).parent
    / "static"
    / "wagtail_dm_button"
    / "dm-button.css"
)
CSS = STYLESHEET.read_text()


def rule(selector):
    """The declarations of the first rule whose selector list has ``selector``, as
    a dict."""
    uncommented = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    for match in re.finditer(r"([^{}]+)\{([^{}]*)\}", uncommented):
        selectors = [each.strip() for each in match.group(1).split(",")]
        if selector in selectors:
            return {
                name.strip(): value.strip()
                for name, value in (
                    line.split(":", 1)
                    for line in match.group(2).split(";")
                    if ":" in line
                )
            }
    raise AssertionError(f"no rule for {selector}")


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_stylesheet_is_under_2_kb_gzipped():
    assert len(gzip.compress(STYLESHEET.read_bytes(), compresslevel=9)) < 2048


def test_the_stylesheet_ends_with_the_rules_made_from_the_channels_colours():
    """The colours are declared once, on the channels; the stylesheet's rules are
    what ``manage.py message_button_css --builtin`` prints."""
    printed = StringIO()
    call_command("message_button_css", "--builtin", stdout=printed)
    assert printed.getvalue() == channel_rules(BUILTIN_CHANNELS)
    assert CSS.endswith(printed.getvalue())


@pytest.mark.parametrize("channel", BUILTIN_CHANNELS, ids=lambda c: c.key)
def test_each_channel_is_styled_with_its_declared_colours(channel):
    declared = rule(f".dm-button--{channel.key}")
    assert declared == {
        "--dm-button-bg": channel.colours.background,
        "--dm-button-fg": channel.colours.foreground,
        "--dm-button-outline": channel.colours.outline,
    }


def test_a_registered_channels_rule_is_printed_for_the_projects_stylesheet():
    wire = replace(
        next(c for c in BUILTIN_CHANNELS if c.key == "signal"),
        key="wire",
        colours=BrandColours("#7360f2", "#ffffff", "#7360f2"),
    )
    printed = StringIO()
    with hooks.register_temporarily(HOOK_NAME, lambda: wire):
        call_command("message_button_css", stdout=printed)
    assert printed.getvalue() == (
        ".dm-button--wire { --dm-button-bg: #7360f2; --dm-button-fg: #ffffff; "
        "--dm-button-outline: #7360f2; }\n"
    )


@pytest.mark.parametrize("colour", ["red", "#fff", "#7360f2; } body { x: y", ""])
def test_a_colour_that_is_not_rrggbb_is_refused(colour):
    with pytest.raises(ImproperlyConfigured, match="must be written #rrggbb"):
        BrandColours(colour, "#ffffff", "#000000")


@pytest.mark.parametrize("channel", BUILTIN_CHANNELS, ids=lambda c: c.key)
def test_every_variant_has_text_contrast_of_at_least_4_5(channel):
    colours = channel.colours
    surface = rule(".dm-button")["--dm-button-surface"]
    assert contrast(colours.foreground, colours.background) >= 4.5
    assert surface == "#fff"
    assert contrast(colours.outline, "#ffffff") >= 4.5


def test_the_defaults_have_contrast_too():
    base = rule(".dm-button")
    assert base["--dm-button-fg"] == "#fff"
    assert contrast("#ffffff", base["--dm-button-bg"]) >= 4.5


def test_the_outline_variant_draws_on_its_own_surface():
    outline = rule(".dm-button--outline")
    assert outline["background"] == "var(--dm-button-surface)"
    assert outline["color"] == "var(--dm-button-outline)"


def test_the_target_is_at_least_44_px():
    base = rule(".dm-button")
    assert base["min-width"] == "44px"
    assert base["min-height"] == "44px"


def test_the_focus_ring_is_visible():
    focus = rule(".dm-button:focus-visible")
    assert focus["outline"].startswith("3px solid")
    assert "box-shadow" in focus


def test_reduced_motion_turns_transitions_off():
    reduced = CSS.split("@media (prefers-reduced-motion: reduce)", 1)[1]
    assert re.match(
        r"\s*\{\s*\.dm-button,\s*\.dm-launcher\s*\{\s*transition:\s*none;", reduced
    )


def test_the_new_tab_hint_is_visually_hidden_but_not_from_screen_readers():
    hint = rule(".dm-button__hint")
    assert hint["position"] == "absolute"
    assert hint["clip-path"] == "inset(50%)"
    assert "display" not in hint
    assert "visibility" not in hint


def test_the_stylesheet_never_hides_or_shows_the_card_itself():
    """Whether a card shows is the browser's own doing ([popover] hidden until
    opened): a display of ours would show it closed in a browser that knows
    popovers, or hide it in one that does not."""
    uncommented = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    card_rules = [
        body
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", uncommented)
        if any(
            # a selector whose subject is the card, however it is qualified
            re.search(r"\.dm-card(?![\w-])[^\s>+~]*$", each.strip())
            for each in selectors.split(",")
        )
    ]
    assert len(card_rules) >= 4
    assert all("display" not in body for body in card_rules)
    assert all("visibility" not in body for body in card_rules)


def test_without_popover_support_a_floating_card_sits_in_the_page():
    """Where the browser knows no popover, the card shows in place: a floating one
    then sits at the end of the page, as on small screens, not over the content."""
    fallback = CSS.split("@supports not selector(:popover-open)", 1)[1]
    assert re.match(r"\s*\{\s*\.dm-floating--card\s*\{\s*position:\s*static;", fallback)
