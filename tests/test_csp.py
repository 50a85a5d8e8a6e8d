"""The plugin's output holds under a strict Content Security Policy: no inline
script, no inline style, no event handler attribute, anywhere."""

import itertools

import pytest

from tests.conftest import RECIPIENTS, make_account, render, soup
from wagtail_dm_button.models import MessageButtonSettings


@pytest.mark.parametrize("platform_scripts", [False, True])
@pytest.mark.parametrize("new_tab", [True, False])
def test_nothing_the_plugin_emits_is_inline(site, platform_scripts, new_tab):
    MessageButtonSettings.objects.create(
        site=site, load_platform_scripts=platform_scripts, open_in_new_tab=new_tab
    )
    source = "{% message_button_assets %}"
    for key, (typed, _) in RECIPIENTS.items():
        make_account(slug=key, channel=key, recipient=typed, display_name="furni")
        for size, variant in itertools.product(
            ["medium", "large"], ["filled", "outline"]
        ):
            source += (
                f'{{% message_button "{key}" size="{size}" variant="{variant}" '
                'text="Hi" %}{% message_url "' + key + '" %}'
            )
    parsed = soup(render(source))

    assert len(parsed.select("a.dm-button")) == 4 * len(RECIPIENTS)
    assert parsed.find("style") is None
    for element in parsed.find_all(True):
        assert "style" not in element.attrs, element
        assert not [name for name in element.attrs if name.lower().startswith("on")]
    scripts = parsed.find_all("script")
    assert all(script.get("src") and not script.string for script in scripts)
    assert len(scripts) == (1 if platform_scripts else 0)
    assert all(
        not a["href"].lower().startswith(("javascript:", "data:"))
        for a in parsed.find_all("a")
    )
