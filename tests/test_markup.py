"""The packaged button template is built in Python while it is the one in effect
(``wagtail_dm_button.markup``): the markup is exactly what Django renders from the
template, for any button; the builder writes every value the template reads; a
project's own template is used in full; and nothing kept between buttons outlives
what it was made from.
"""

from dataclasses import replace

import pytest
from django.template import Context, Template
from django.template.base import FilterExpression, Variable
from django.template.defaulttags import IfNode
from django.template.loader import get_template
from django.test import RequestFactory, override_settings
from django.test.signals import template_rendered
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import add_button_page, buttons, make_account
from wagtail_dm_button import markup
from wagtail_dm_button.channels import BUILTIN_CHANNELS
from wagtail_dm_button.markup import BUTTON_TEMPLATE, MessageButton
from wagtail_dm_button.rendering import SIZES, VARIANTS, render_button
from wagtail_dm_button.tokens import Click

plain_texts = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "{href}",
            "{label}{{}}}",
            "<script>alert(1)</script>",
            "\"&'<>",
            "{{ button.href }}",
            "%s %(label)s",
        ]
    ),
)
# What a label can be: text, text already marked safe, a lazy translation.
texts = st.one_of(
    plain_texts,
    plain_texts.map(mark_safe),
    st.sampled_from([gettext_lazy("Message us"), gettext_lazy("Message %(name)s")]),
)
COUNTED = Click(site_id=1, page_id=2, account_id=3, source="block")
# Any button ``build_button`` can make: the platform script only where the channel
# has one.
message_buttons = st.sampled_from(BUILTIN_CHANNELS).flatmap(
    lambda channel: st.builds(
        MessageButton,
        channel=st.just(channel),
        href=texts,
        label=texts,
        size=st.sampled_from(list(SIZES)),
        variant=st.sampled_from(list(VARIANTS)),
        new_tab=st.booleans(),
        display_name=st.one_of(st.just(""), texts),
        platform_script=st.booleans() if channel.platform else st.just(False),
        click=st.one_of(st.none(), st.just(COUNTED)),
    )
)


@given(
    button=message_buttons,
    language=st.sampled_from(["en", "fr", "de", "es", "nl", "it", None]),
)
def test_the_markup_is_what_django_renders_from_the_template(button, language):
    with translation.override(language):
        expected = get_template(BUTTON_TEMPLATE).render({"button": button})
        assert markup.build(button) == expected
        assert markup.render(BUTTON_TEMPLATE, button) == expected


def values_read(nodelist):
    """Every variable a template's nodes read: ``{{ … }}``, the conditions of
    ``{% if %}``, and what any other tag resolves, in nested blocks too."""
    read = set()
    for node in nodelist:
        read.update(_expressions(node))
        for attribute in node.child_nodelists:
            read |= values_read(getattr(node, attribute, None) or [])
    return read


def _expressions(node):
    if isinstance(node, IfNode):
        for condition, _branch in node.conditions_nodelists:
            yield from _condition_variables(condition)
    for value in vars(node).values():
        values = value.values() if isinstance(value, dict) else [value]
        for each in values:
            if isinstance(each, FilterExpression):
                yield from _variables(each)


def _variables(filter_expression):
    variable = filter_expression.var
    if isinstance(variable, Variable) and variable.lookups is not None:
        yield variable.var
    for _filter, arguments in filter_expression.filters:
        for _is_variable, argument in arguments:
            if isinstance(argument, Variable) and argument.lookups is not None:
                yield argument.var


def _condition_variables(condition):
    if condition is None:
        return
    if hasattr(condition, "value") and isinstance(condition.value, FilterExpression):
        yield from _variables(condition.value)
    for side in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if side is not None:
            yield from _condition_variables(side)


def varied(value, names):
    """``value`` with the attribute at the path ``names`` changed: a flag turned
    over, a text made another, anything else taken away."""
    if not names:
        if isinstance(value, bool):
            return not value
        return f"{value}-other" if isinstance(value, str) else None
    name, rest = names[0], names[1:]
    return replace(value, **{name: varied(getattr(value, name), rest)})


#: A button where every value the template reads shows: X has a platform script
#: and a display name, the button is large, opens a new tab and is counted.
EVERY_VALUE_SHOWN = MessageButton(
    channel=next(channel for channel in BUILTIN_CHANNELS if channel.platform),
    href="https://x.com/messages/compose?recipient_id=1",
    label="Ask",
    size="large",
    variant="outline",
    new_tab=True,
    display_name="furni",
    platform_script=True,
    click=COUNTED,
)


def test_the_builder_writes_every_value_the_packaged_template_reads():
    """Add ``{% if button.anything %}`` to message_button.html and this fails until
    ``markup.build`` writes it too: for each value the template reads, a button
    that differs in that value alone gets other markup, from the template and from
    the builder alike."""
    template = get_template(BUTTON_TEMPLATE)
    read = values_read(template.template.nodelist)
    assert len(read) >= 10, read
    base = markup.build(EVERY_VALUE_SHOWN)
    assert base == template.render({"button": EVERY_VALUE_SHOWN})
    for path in sorted(read):
        root, *names = path.split(".")
        assert root == "button", f"the template reads {path}, which is not the button"
        try:
            button = varied(EVERY_VALUE_SHOWN, names)
        except (AttributeError, TypeError):
            pytest.fail(f"the template reads {path}, which a MessageButton lacks")
        assert markup.build(button) == template.render({"button": button}), path
        assert markup.build(button) != base, f"the builder ignores {path}"


def test_the_walk_finds_what_a_template_reads():
    """The walk itself: a variable in text, in a condition, in a filter's argument,
    in a nested block and in another tag are all found."""
    template = Template(
        "{% load i18n %}{{ button.href|default:button.label }}"
        '{% if button.size == "large" or not button.extra %}'
        "{% for x in button.items %}{{ x }}{% endfor %}{% endif %}"
        "{% with y=button.other %}{% endwith %}"
    )
    found = values_read(template.nodelist)
    assert {
        "button.href",
        "button.label",
        "button.size",
        "button.extra",
        "button.items",
        "button.other",
        "x",
    } <= found


OVERRIDE = (
    '<a class="shop-button" href="{{ button.href }}">{{ button.label|upper }}'
    "{% if page %} on {{ page.title }}{% endif %}{% if value %} "
    "({{ value.size }}){% endif %}</a>"
)


@pytest.fixture
def overridden(tmp_path, settings):
    """A project's own message_button.html, first in its templates folders."""
    folder = tmp_path / "wagtail_dm_button"
    folder.mkdir()
    (folder / "message_button.html").write_text(OVERRIDE)
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        yield


def test_a_projects_own_template_renders_block_and_tag_with_their_context(
    site_default, home, overridden
):
    page = add_button_page(
        home, "contact", [("message_button", {"label": "Ask us", "size": "large"})]
    )
    rendered = Template(
        "{% load wagtailcore_tags dm_button_tags %}"
        "{% for block in page.body %}{% include_block block %}{% endfor %}"
        '{% message_button label="write" %}'
    ).render(Context({"page": page}))
    block, tag = buttons(rendered.replace("shop-button", "dm-button"))
    assert block.text == "ASK US on Contact (large)"
    assert tag.text == "WRITE on Contact"


def test_the_packaged_template_comes_back_when_the_override_goes(
    site_default, tmp_path, settings
):
    before = render_button(label="Ask")
    folder = tmp_path / "wagtail_dm_button"
    folder.mkdir()
    (folder / "message_button.html").write_text(OVERRIDE)
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        assert render_button(label="Ask").startswith('<a class="shop-button"')
    assert render_button(label="Ask") == before


def test_an_account_changed_in_place_gives_its_new_link(site):
    """What is checked of an account is kept on the instance only while its
    fields are unchanged."""
    account = make_account(channel="telegram", recipient="furni_shop")
    assert buttons(render_button(account))[0]["href"] == "https://t.me/furni_shop"
    account.recipient = "furni_help"
    assert buttons(render_button(account))[0]["href"] == "https://t.me/furni_help"
    account.recipient = "no spaces allowed"
    assert render_button(account) == ""


def test_the_new_tab_hint_follows_the_active_language():
    button = MessageButton(
        channel=BUILTIN_CHANNELS[0],
        href="https://x.com/messages/compose?recipient_id=1",
        label="Ask",
        size="medium",
        variant="filled",
        new_tab=True,
    )
    request = RequestFactory().get("/")  # one request, two languages in turn
    with translation.override("en"):
        english = markup.render(BUTTON_TEMPLATE, button, request=request)
    with translation.override("fr"):
        french = markup.render(BUTTON_TEMPLATE, button, request=request)
    with translation.override("en"):
        again = markup.render(BUTTON_TEMPLATE, button, request=request)
    assert "(opens in a new tab)" in english
    assert "(s’ouvre dans un nouvel onglet)" in french
    assert again == english


def renders_of(name, action):
    """How many times Django's template engine rendered the template ``name``
    while ``action`` ran (the test environment's ``template_rendered`` signal)."""
    names = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        action()
    finally:
        template_rendered.disconnect(record)
    return names.count(name)


def test_the_packaged_template_is_built_not_rendered_by_django(site_default):
    def fifty_buttons():
        for number in range(50):
            assert render_button(label=f"Ask {number}", text=f"About sofa {number}")

    assert renders_of(BUTTON_TEMPLATE, fifty_buttons) == 0


def test_a_projects_own_template_is_rendered_for_every_button(site_default, overridden):
    def fifty_buttons():
        for number in range(50):
            assert render_button(label=f"Ask {number}")

    assert renders_of(BUTTON_TEMPLATE, fifty_buttons) == 50


def test_an_engine_that_does_not_escape_gets_djangos_own_rendering(
    site_default, settings
):
    """An engine with ``autoescape`` off renders values as they are, so buttons
    there are rendered by it, not filled in escaped."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "autoescape": False}}
    ]
    (label,) = buttons(render_button(label="<i>Ask</i>"))[0].select(".dm-button__label")
    assert label.decode_contents() == "<i>Ask</i>"
