from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, settings
from PIL import Image as PILImage
from PIL import ImageDraw

from wagtail.images.models import Image
from wagtail.models import Page, Site

from tests import sandbox
from tests.testapp.models import ButtonPage
from wagtail_dm_button.models import ContactCard, MessageAccount, MessageButtonSettings


def make_account(**fields):
    """An account saved as the admin form would save it: validated, normalised."""
    fields.setdefault("name", fields.get("slug", "Support").title())
    fields.setdefault("slug", "support")
    account = MessageAccount(**fields)
    account.full_clean()
    account.save()
    return account


def make_card(options, **fields):
    """A contact card saved as the admin form would save it; ``options`` are the
    option blocks' values (an account, and a label and message or not)."""
    fields.setdefault("name", "Sales")
    fields.setdefault("slug", "sales")
    fields.setdefault("heading", "Talk to us")
    card = ContactCard(
        options=[("option", {"label": "", "text": "", **value}) for value in options],
        **fields,
    )
    card.full_clean()
    card.save()
    return card


def make_avatar(colour="#3d5a80", title="Anna"):
    """A Wagtail image: a round face on a square, as a PNG."""
    drawing = PILImage.new("RGB", (256, 256), "#f0f3f6")
    ImageDraw.Draw(drawing).ellipse((16, 16, 240, 240), fill=colour)
    data = BytesIO()
    drawing.save(data, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(data, name=f"{title.lower()}.png")
    )


def soup(markup):
    if isinstance(markup, bytes):
        markup = markup.decode()
    return BeautifulSoup(str(markup), "html.parser")


def buttons(markup):
    """The message buttons in some markup, parsed."""
    return soup(markup).select("a.dm-button")


RECIPIENTS = {
    # key: (what an admin types, the link the button carries)
    "x": ("1234567890", "https://x.com/messages/compose?recipient_id=1234567890"),
    "messenger": ("furni.shop", "https://m.me/furni.shop"),
    "whatsapp": ("+44 20 7946 0000", "https://wa.me/442079460000"),
    "telegram": ("furni_shop", "https://t.me/furni_shop"),
    "instagram": ("furni.shop", "https://ig.me/m/furni.shop"),
    "signal": ("+44 20 7946 0000", "https://signal.me/#p/+442079460000"),
    "line": ("@123abcde", "https://line.me/R/oaMessage/%40123abcde/"),
    "sms": ("+44 20 7946 0000", "sms:+442079460000"),
    "email": ("hello@example.com", "mailto:hello@example.com"),
    "viber": ("+44 20 7946 0000", "viber://chat?number=%2B442079460000"),
    "kakaotalk": ("_xkxoxgxj", "https://pf.kakao.com/_xkxoxgxj/chat"),
    "threema": ("ECHOECHO", "https://threema.id/ECHOECHO"),
    "teams": (
        "anna@furni.example",
        "https://teams.microsoft.com/l/chat/0/0?users=anna@furni.example",
    ),
    "apple_messages": (
        "f4a2c1d0-3b5e-4c7a-9d8f-0e1a2b3c4d5e",
        "https://bcrw.apple.com/urn:biz:f4a2c1d0-3b5e-4c7a-9d8f-0e1a2b3c4d5e",
    ),
    "zalo": ("0912345678", "https://zalo.me/0912345678"),
}


def render(source, request=None, **context):
    """``source`` rendered as a template that loads the tags, with a request."""
    request = request or RequestFactory().get("/")
    template = Template("{% load dm_button_tags %}" + source)
    return template.render(Context({"request": request, **context}))


def only_button(markup):
    found = buttons(markup)
    assert len(found) == 1, markup
    return found[0]


def snippet_url(action, *args):
    return reverse(MessageAccount.snippet_viewset.get_url_name(action), args=args)


def settings_url(site):
    return reverse(
        "wagtailsettings:edit",
        args=["wagtail_dm_button", "messagebuttonsettings", site.pk],
    )


def account_form(**fields):
    return {
        "name": "Customer support",
        "slug": "support",
        "channel": "x",
        "recipient": "1234567890",
        "display_name": "",
        "label": "",
        "default_text": "",
        "ref": "",
        "opening_hours-count": "0",
        "timezone": "UTC",
        "when_closed": "note",
        "fallback_account": "",
        **fields,
    }


def field_errors(response, field):
    """The error messages the form page shows beside ``field``."""
    assert response.status_code == 200
    return response.context["form"].errors.get(field, [])


@pytest.fixture(autouse=True)
def _caches_emptied_after_each_test():
    """Wagtail keeps the sites' root paths in Django's cache: sites a test made,
    and rolled back, must not route the next test's requests."""
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def account(db):
    return make_account(
        slug="support", channel="whatsapp", recipient="+44 20 7946 0000"
    )


@pytest.fixture
def site_default(site, account):
    """The default site opens ``account`` when a button chooses none."""
    site_settings = MessageButtonSettings.for_site(site)
    site_settings.default_account = account
    site_settings.save()
    return site_settings


@pytest.fixture(scope="session")
def seeded_sandbox(tmp_path_factory, worker_id):
    """A SQLite file of `make demo`'s sandbox, migrated and seeded by its
    ``manage.py`` as `make demo` does it: made once for the run. Tests copy it
    (``benchmarks.bench.copy_database``) and leave it as it is."""

    def migrate_and_seed(folder):
        database = folder / "db.sqlite3"
        sandbox.run(database, "manage.py", "migrate", "--noinput")
        sandbox.run(database, "manage.py", "seed_demo")
        return str(database)

    return Path(
        sandbox.made_once(tmp_path_factory, worker_id, "seeded", migrate_and_seed)
    )


def add_button_page(parent, slug, body):
    page = ButtonPage(title=slug.title(), slug=slug, body=body)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def home(site):
    return Page.objects.get(pk=site.root_page_id)


@pytest.fixture
def admin_client(client, django_user_model, site):
    admin = django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "password"
    )
    client.force_login(admin)
    return client


@pytest.fixture
def editor_client(client, django_user_model, site):
    """A page editor: Wagtail's own Editors group, no settings or snippet rights."""
    editor = django_user_model.objects.create_user("editor", password="password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


# Property-based tests: hundreds of examples per property by default (CI);
# `pytest --hypothesis-profile=thorough` for thousands.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    parent=settings.get_profile("ci"),
    max_examples=5000,
)
settings.load_profile("ci")


def pytest_collection_modifyitems(items):
    """The tests that run a whole project in a subprocess (``slow``: half a minute
    each) start first: on several workers (pytest-xdist), one of them started
    last would run on alone while the other workers stand idle. Of those, the ones
    that need no seeded sandbox go first, so that the worker which makes it is not
    waited for by the others at the start."""

    def order(item):
        if item.get_closest_marker("slow") is None:
            return 2
        return 1 if "seeded_sandbox" in item.fixturenames else 0

    items.sort(key=order)
