"""A template's message tags show the language active where each of them is: a
render reads it once, unless something in it can change the language between
two of its tags (``{% language %}``, or a tag the package does not know)."""

import pytest
from django import template
from django.template import Context, Engine
from django.test import RequestFactory
from django.utils import translation

from tests.conftest import buttons, make_account

ENGLISH, FRENCH = "Message us", "Écrivez-nous"

#: Wrapping tags the package does not know, which render their contents in French.
register = template.Library()


class InFrench(template.Node):
    """Renders its contents in French; where it keeps them is each kind's own."""

    def render(self, context):
        with translation.override("fr"):
            return "".join(contents.render(context) for contents in self.kept())


class Declared(InFrench):
    """Keeps its contents where Django's ``child_nodelists`` says."""

    def __init__(self, contents):
        self.nodelist = contents

    def kept(self):
        return [self.nodelist]


class KeptElsewhere(InFrench):
    child_nodelists = ()

    def __init__(self, contents):
        self.contents = contents

    def kept(self):
        return [self.contents]


class KeptInAList(InFrench):
    """As ``{% if %}`` keeps its branches."""

    child_nodelists = ()

    def __init__(self, contents):
        self.branches = [contents]

    def kept(self):
        return self.branches


class KeptInASlot(KeptElsewhere):
    __slots__ = ("contents",)


WRAPPING_TAGS = {
    "in_french": Declared,
    "hidden_in_french": KeptElsewhere,
    "branches_in_french": KeptInAList,
    "slotted_in_french": KeptInASlot,
}


def wrapping_tag(name, kind):
    def compile_tag(parser, token):
        contents = parser.parse((f"end_{name}",))
        parser.delete_first_token()
        return kind(contents)

    register.tag(name, compile_tag)


for name, kind in WRAPPING_TAGS.items():
    wrapping_tag(name, kind)


def engine(**templates):
    """An engine with the message tags, Django's ``i18n`` tags and the tags above,
    whose templates are ``templates`` (name: source)."""
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates)],
        libraries={
            "dm_button_tags": "wagtail_dm_button.templatetags.dm_button_tags",
            "i18n": "django.templatetags.i18n",
            "switching": "tests.test_template_language",
        },
    )


def labels(markup):
    return [
        button.select_one(".dm-button__label").get_text() for button in buttons(markup)
    ]


def rendered(engine, name="page"):
    context = Context({"request": RequestFactory().get("/")})
    return labels(engine.get_template(name).render(context))


LOAD = "{% load dm_button_tags i18n switching %}"
TAG = '{% message_button "anon" %}'


@pytest.fixture(autouse=True)
def _account(db):
    make_account(slug="anon", channel="telegram", recipient="furni_shop")


def test_each_tag_shows_the_language_around_it():
    page = (
        f"{LOAD}{TAG}{{% language 'fr' %}}{TAG}{{% endlanguage %}}{TAG}"
        f"{{% for n in '12' %}}{{% language 'fr' %}}{TAG}{{% endlanguage %}}{TAG}"
        "{% endfor %}"
    )
    assert rendered(engine(page=page)) == [
        *(ENGLISH, FRENCH, ENGLISH),
        *(FRENCH, ENGLISH) * 2,
    ]


def test_the_first_tag_of_a_render_inside_a_language_tag_does_not_speak_for_the_rest():
    page = f"{LOAD}{{% language 'fr' %}}{TAG}{{% endlanguage %}}{TAG}"
    assert rendered(engine(page=page)) == [FRENCH, ENGLISH]


def test_a_template_rendered_in_two_languages_shows_each():
    templates = engine(page=f"{LOAD}{TAG}{TAG}")
    with translation.override("fr"):
        assert rendered(templates) == [FRENCH, FRENCH]
    assert rendered(templates) == [ENGLISH, ENGLISH]


def test_a_base_templates_language_tag_around_a_block_speaks_for_its_contents():
    base = (
        "{% load i18n %}{% language 'fr' %}{% block french %}{% endblock %}"
        "{% endlanguage %}{% block english %}{% endblock %}"
    )
    page = (
        f"{{% extends 'base' %}}{LOAD}{{% block english %}}{TAG}{{% endblock %}}"
        f"{{% block french %}}{TAG}{{% endblock %}}"
    )
    assert rendered(engine(base=base, page=page)) == [FRENCH, ENGLISH]


def test_a_language_tag_in_a_template_between_the_page_and_its_base():
    base = "{% block body %}{% endblock %}"
    middle = (
        "{% extends 'base' %}{% load i18n %}{% block body %}{% block first %}"
        "{% endblock %}{% language 'fr' %}{% block second %}{% endblock %}"
        "{% endlanguage %}{% endblock %}"
    )
    page = (
        f"{{% extends 'middle' %}}{LOAD}{{% block first %}}{TAG}{{% endblock %}}"
        f"{{% block second %}}{TAG}{{% endblock %}}"
    )
    assert rendered(engine(base=base, middle=middle, page=page)) == [ENGLISH, FRENCH]


def test_a_language_tag_in_a_block_rendered_after_the_first_tag():
    base = "{% block first %}{% endblock %}{% block second %}{% endblock %}"
    page = (
        f"{{% extends 'base' %}}{LOAD}{{% block first %}}{TAG}{{% endblock %}}"
        f"{{% block second %}}{{% language 'fr' %}}{TAG}{{% endlanguage %}}{TAG}"
        "{% endblock %}"
    )
    assert rendered(engine(base=base, page=page)) == [ENGLISH, FRENCH, ENGLISH]


def test_a_language_tag_in_the_block_being_rendered():
    """The block the first tag is in, which Django sets aside while it renders."""
    base = "{% block body %}{% endblock %}"
    page = (
        f"{{% extends 'base' %}}{LOAD}{{% block body %}}{{% language 'fr' %}}{TAG}"
        f"{{% endlanguage %}}{TAG}{{% endblock %}}"
    )
    assert rendered(engine(base=base, page=page)) == [FRENCH, ENGLISH]


def test_a_language_tag_in_a_block_the_page_overrides_but_renders_with_super():
    base = (
        "{% load i18n %}{% block body %}{% language 'fr' %}{% block inner %}"
        "{% endblock %}{% endlanguage %}{% endblock %}"
    )
    page = (
        f"{{% extends 'base' %}}{LOAD}{{% block body %}}{TAG}{{{{ block.super }}}}"
        f"{TAG}{{% endblock %}}{{% block inner %}}{TAG}{{% endblock %}}"
    )
    assert rendered(engine(base=base, page=page)) == [ENGLISH, FRENCH, ENGLISH]


def test_an_included_template_shows_the_language_it_is_included_in():
    page = (
        "{% load i18n %}{% include 'part' %}{% language 'fr' %}{% include 'part' %}"
        "{% endlanguage %}{% include 'part' %}"
    )
    templates = engine(page=page, part=f"{LOAD}{TAG}")
    assert rendered(templates) == [ENGLISH, FRENCH, ENGLISH]


@pytest.mark.parametrize("name", WRAPPING_TAGS)
def test_a_tag_the_package_does_not_know_may_change_the_language(name):
    page = f"{LOAD}{TAG}{{% {name} %}}{TAG}{{% end_{name} %}}{TAG}"
    assert rendered(engine(page=page)) == [ENGLISH, FRENCH, ENGLISH]


def test_a_link_and_a_qr_code_show_the_language_around_them():
    """The link tag's label-less output has no words; its QR code's name does."""
    qr = '{% message_qr "anon" %}'
    page = f"{LOAD}{qr}{{% language 'fr' %}}{qr}{{% endlanguage %}}"
    markup = (
        engine(page=page)
        .get_template("page")
        .render(Context({"request": RequestFactory().get("/")}))
    )
    assert markup.count("QR code:") == 1
    assert markup.count("Code QR") == 1


class Layer:
    """A mapping with only what Django's ``Context`` asks of its layers."""

    def __init__(self, values):
        self.values = values

    def __contains__(self, key):
        return key in self.values

    def __getitem__(self, key):
        return self.values[key]


def test_a_context_made_on_any_mapping():
    base = "{% block body %}{% endblock %}"
    page = f"{{% extends 'base' %}}{LOAD}{{% block body %}}{TAG}{{% endblock %}}"
    context = Context(Layer({"request": RequestFactory().get("/")}))
    markup = engine(base=base, page=page).get_template("page").render(context)
    assert labels(markup) == [ENGLISH]
