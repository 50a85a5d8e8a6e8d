"""`make demo`'s sandbox: it migrates, seeds and serves pages with working buttons.

The sandbox is its own Django project, so it runs in a subprocess on a SQLite file
of its own, as `make demo` runs it (``tests/sandbox.py``).
"""

import json

import pytest

from benchmarks.bench import copy_database
from tests import sandbox

pytestmark = pytest.mark.slow

VISIT = """
import json, django
django.setup()
from django.test import Client
from bs4 import BeautifulSoup
client = Client()
pages = {}
counted = []

def followed(href):
    # Where a link leads: the demo counts clicks, so its links lead through the
    # counting view, which sends the visitor on.
    if not href.startswith("/message/"):
        return href
    counted.append(href)
    return client.get(href)["Location"]

for path in ["/", "/channels/", "/sizes/", "/contact/", "/card/", "/hours/",
             "/fr/contact/", "/fr/card/"]:
    response = client.get(path)
    soup = BeautifulSoup(response.content, "html.parser")
    pages[path] = {
        "status": response.status_code,
        "hrefs": [followed(a["href"]) for a in soup.select("main a.dm-button")],
        "labels": [a.select_one(".dm-button__label").get_text()
                   for a in soup.select("main a.dm-button")],
        "hints": [a.select_one(".dm-button__hint").get_text()
                  for a in soup.select("main a.dm-button")],
        "statuses": [a.select_one(".dm-button__status").get_text()
                     if a.select_one(".dm-button__status") else None
                     for a in soup.select("main a.dm-button")],
        "floating": [followed(a["href"])
                     for a in soup.select("aside.dm-floating a.dm-button")],
        "floating_launcher": [b.get_text(strip=True)
                              for b in soup.select("aside.dm-floating .dm-launcher")],
        "cards": [
            {"tag": c.name, "popover": c.has_attr("popover"),
             "heading": c.h2.get_text(),
             "avatar": c.select_one("img.dm-card__avatar")["src"]
                       if c.select_one("img.dm-card__avatar") else None,
             "channels": [a["data-dm-channel"] for a in c.select("a.dm-button")]}
            for c in soup.select("main .dm-card")
        ],
        "qr": len(soup.select("main svg.dm-qr")),
        "message_links": [followed(a["href"]) for a in soup.select("main a.dm-link")],
        "scripts": len(soup.find_all("script")),
        "policy": response.headers.get("Content-Security-Policy", ""),
    }
pages["counted"] = len(counted)
client.login(username="admin", password="message-demo")
pages["admin"] = client.get("/admin/").status_code
report = client.get("/admin/reports/message-clicks/")
pages["report"] = {
    "status": report.status_code,
    "days": len(BeautifulSoup(report.content, "html.parser").select("figure tbody tr")),
}
client.logout()
import wagtail_dm_button.models as m
from wagtail.models import Site
settings = m.MessageButtonSettings.for_site(Site.objects.get(is_default_site=True))
settings.load_platform_scripts = True
settings.save()
response = client.get("/channels/")
soup = BeautifulSoup(response.content, "html.parser")
pages["with scripts"] = {
    "policy": response.headers.get("Content-Security-Policy", ""),
    "nonces": [s.get("nonce") for s in soup.find_all("script")],
}
print(json.dumps(pages))
"""


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, worker_id, seeded_sandbox):
    """``(what a second seed printed, what the visit found)``: the migrated and
    seeded sandbox, seeded again and visited, for every test here; made once for
    the run."""

    def seed_again_and_visit(folder):
        database = folder / "db.sqlite3"
        copy_database(seeded_sandbox, database)
        said = sandbox.run(database, "manage.py", "seed_demo")  # changes nothing
        return said, json.loads(sandbox.run(database, "-c", VISIT))

    return tuple(
        sandbox.made_once(tmp_path_factory, worker_id, "visited", seed_again_and_visit)
    )


def test_the_seed_prints_the_admin_login(seeded):
    said, _ = seeded
    assert "http://127.0.0.1:8000/admin/" in said
    assert "user 'admin', password 'message-demo'" in said


def test_the_demo_pages_show_every_channel_size_and_look(seeded):
    _, pages = seeded
    demo_pages = ["/", "/channels/", "/sizes/", "/contact/"]
    assert all(pages[path]["status"] == 200 for path in demo_pages)
    channels = pages["/channels/"]["hrefs"]
    assert [href.split(":")[0] for href in channels] == ["https"] * 7 + [
        "sms",
        "mailto",
        "viber",
        *["https"] * 5,
    ]
    assert len(set(channels)) == 15
    assert len(pages["/sizes/"]["hrefs"]) == 4 * 15
    assert pages["/contact/"]["hrefs"][0].startswith("https://wa.me/442079460000?text=")
    assert pages["/contact/"]["qr"] == 1
    # A message link in a paragraph, counted like the buttons.
    assert pages["/contact/"]["message_links"] == [
        "https://t.me/furni_shop?text=Which%20sofa%20fits%20a%20room%20of%203%20by"
        "%204%20metres%3F"
    ]
    # A message with variables, filled in for the page.
    assert pages["/contact/"]["hrefs"][-1] == (
        "https://wa.me/442079460000?text=Hi%21%20A%20question%20about%20Contact%20us"
        "%20%28http%3A%2F%2Flocalhost%2Fcontact%2F%29%20on%20Furni%3A"
    )
    card_links = [
        "https://wa.me/442079460000?text=Hello%21%20I%20have%20a%20question%20about"
        "%20my%20order.",
        "https://t.me/furni_shop?text=Hi%20there%21",
        "https://m.me/furni.shop?ref=demo",
        "mailto:sales@example.com?body=Hello%2C%0D%0AI%20would%20like",
    ]
    for path in demo_pages:
        assert pages[path]["floating"] == card_links
        assert pages[path]["floating_launcher"] == ["Chat with us"]
    assert all(pages[path]["scripts"] == 0 for path in demo_pages)


def test_the_demo_shows_a_contact_card_with_an_avatar_behind_a_button_and_inline(
    seeded,
):
    _, pages = seeded
    card_page = pages["/card/"]
    assert card_page["status"] == 200
    launcher, inline = card_page["cards"]
    assert (launcher["tag"], launcher["popover"]) == ("div", True)
    assert (inline["tag"], inline["popover"]) == ("section", False)
    for card in (launcher, inline):
        assert card["heading"] == "Talk to us"
        assert card["channels"] == ["whatsapp", "telegram", "messenger", "email"]
        assert card["avatar"].startswith("/media/images/anna-and-luca")
    assert card_page["scripts"] == 0


def test_the_demo_shows_accounts_open_closed_and_closed_with_a_fallback(seeded):
    _, pages = seeded
    hours = pages["/hours/"]
    assert hours["labels"] == ["Help desk", "Showroom line", "Message us"]
    assert hours["hrefs"][0].startswith("https://wa.me/442079460002")
    assert hours["statuses"][0] is None
    assert hours["statuses"][1].startswith("Closed · opens")
    assert hours["hrefs"][2].startswith("mailto:sales@example.com")
    assert hours["statuses"][2] is None


def test_the_admin_login_works(seeded):
    _, pages = seeded
    assert pages["admin"] == 200


def test_the_demo_counts_clicks_and_reports_four_weeks_of_them(seeded):
    _, pages = seeded
    assert pages["counted"] > 50  # every button on the demo pages
    assert pages["report"] == {"status": 200, "days": 28}


def test_the_demo_pages_run_under_a_strict_content_security_policy(seeded):
    _, pages = seeded
    for path in ["/", "/channels/", "/sizes/", "/contact/"]:
        policy = pages[path]["policy"]
        assert "default-src 'self'" in policy
        assert "unsafe-inline" not in policy
    with_scripts = pages["with scripts"]
    (nonce,) = with_scripts["nonces"]
    assert f"'nonce-{nonce}'" in with_scripts["policy"]


def test_the_demo_has_a_french_version_with_translated_accounts(seeded):
    _, pages = seeded
    french = pages["/fr/contact/"]
    assert french["status"] == 200
    assert "Écrivez-nous sur WhatsApp" in french["labels"]
    assert set(french["hints"]) == {"(s’ouvre dans un nouvel onglet)"}
    assert (
        "https://wa.me/442079460000?text=Bonjour%20%21%20J%E2%80%99ai%20une%20question%20sur%20ma%20commande."
        in french["hrefs"]
    )
    assert french["floating"][:2] == [
        "https://wa.me/442079460000?text=Bonjour%20%21%20J%E2%80%99ai%20une%20question"
        "%20sur%20ma%20commande.",
        "https://t.me/furni_shop?text=Bonjour%20%21",
    ]
    french_card = pages["/fr/card/"]["cards"][0]
    assert french_card["heading"] == "Parlons-en"
