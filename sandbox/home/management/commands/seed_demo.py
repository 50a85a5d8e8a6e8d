"""Fill the sandbox with demo content: accounts on every channel, a site default,
pages showing every channel, size and variant, a contact card (the floating
button's, and inline on a page), accounts with opening hours around the time of
seeding, click counting with four weeks of demo counts, and an admin login."""

import datetime as dt
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from home.models import ContentPage, HomePage
from wagtail_dm_button.models import (
    ClickCount,
    ContactCard,
    MessageAccount,
    MessageButtonSettings,
)

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "message-demo"

ACCOUNTS = [
    # slug, name, channel, recipient, display name, default message, ref
    ("x", "Furni on X", "x", "783214", "@furni", "Hi Furni! A question:", ""),
    ("messenger", "Furni on Messenger", "messenger", "furni.shop", "Furni", "", "demo"),
    (
        "whatsapp",
        "Customer support",
        "whatsapp",
        "+44 20 7946 0000",
        "Furni support",
        "Hello! I have a question about my order.",
        "",
    ),
    ("telegram", "Furni on Telegram", "telegram", "furni_shop", "", "Hi there!", ""),
    (
        "instagram",
        "Furni on Instagram",
        "instagram",
        "furni.shop",
        "@furni.shop",
        "",
        "sandbox",
    ),
    ("signal", "Furni on Signal", "signal", "+44 20 7946 0001", "", "", ""),
    ("line", "Furni on LINE", "line", "@123abcde", "Furni Japan", "こんにちは", ""),
    ("sms", "Text the showroom", "sms", "+1 415 555 0100", "the showroom", "", ""),
    (
        "email",
        "Write to sales",
        "email",
        "sales@example.com",
        "",
        "Hello,\nI would like",
        "",
    ),
    ("viber", "Furni on Viber", "viber", "furnishop", "", "Hi! A question:", "demo"),
    ("kakaotalk", "Furni on KakaoTalk", "kakaotalk", "_xkxoxgxj", "", "", ""),
    ("threema", "Furni on Threema", "threema", "ECHOECHO", "", "Hello Furni!", ""),
    ("teams", "Trade desk on Teams", "teams", "trade@furni.example", "", "Hi!", ""),
    (
        "apple-messages",
        "Furni on Apple Messages",
        "apple_messages",
        "f4a2c1d0-3b5e-4c7a-9d8f-0e1a2b3c4d5e",
        "",
        "Hello!",
        "",
    ),
    ("zalo", "Furni on Zalo", "zalo", "0912345678", "Furni Việt Nam", "", ""),
]


FRENCH_ACCOUNTS = [
    # slug, label, default message
    (
        "whatsapp",
        "Écrivez-nous sur WhatsApp",
        "Bonjour ! J’ai une question sur ma commande.",
    ),
    ("telegram", "Discutons", "Bonjour !"),
]
FRENCH_TITLES = {
    "furni-home": "Furni",
    "channels": "Tous les canaux",
    "sizes": "Tailles et apparences",
    "contact": "Nous écrire",
    "card": "Carte de contact",
    "hours": "Horaires",
}


class Command(BaseCommand):
    help = "Create the sandbox's demo accounts, pages and admin user (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        accounts = {row[0]: self.account(*row) for row in ACCOUNTS}
        home = self.home_page()
        card = self.card(accounts)
        site_settings = MessageButtonSettings.for_site(home.get_site())
        site_settings.default_account = accounts["whatsapp"]
        site_settings.floating_button = True
        site_settings.floating_account = accounts["telegram"]
        site_settings.floating_card = card
        site_settings.floating_label = "Chat with us"
        site_settings.count_clicks = True
        site_settings.save()

        self.page(
            home,
            "Every channel",
            "channels",
            [
                ("heading", "One button per channel"),
                *[
                    ("message_button", {"account": account})
                    for account in accounts.values()
                ],
            ],
        )
        looks = []
        for size in ("medium", "large"):
            for variant in ("filled", "outline"):
                looks.append(("heading", f"{size.title()}, {variant}"))
                looks += [
                    (
                        "message_button",
                        {"account": account, "size": size, "variant": variant},
                    )
                    for account in accounts.values()
                ]
        self.page(home, "Sizes and looks", "sizes", looks)
        contact = self.page(
            home,
            "Contact us",
            "contact",
            [
                (
                    "paragraph",
                    RichText(
                        "<p>These buttons choose no account: they open the "
                        "site's default, set in Settings → Message buttons.</p>"
                    ),
                ),
                (
                    "message_button",
                    {
                        "label": "Ask us anything",
                        "text": "Hi! Can I visit the showroom this week?",
                    },
                ),
                ("message_button", {"size": "large", "variant": "outline"}),
                ("heading", "Scan to write to us"),
                ("message_button", {"label": "Message us on WhatsApp", "qr": True}),
                ("heading", "A message link in a paragraph"),
                (
                    "paragraph",
                    RichText(
                        "<p>Not sure which sofa fits? "
                        f'<a linktype="message" id="{accounts["telegram"].pk}" '
                        'data-text="Which sofa fits a room of 3 by 4 metres?">'
                        "Ask our designers on Telegram</a>, they answer within "
                        "the hour.</p>"
                    ),
                ),
                ("heading", "A message that names its page"),
                (
                    "message_button",
                    {
                        "label": "Ask about this page",
                        "text": "Hi! A question about {page_title} ({page_url}) "
                        "on {site_name}:",
                    },
                ),
            ],
        )
        self.page(
            home,
            "Contact card",
            "card",
            [
                (
                    "paragraph",
                    RichText(
                        "<p>One button opens a card of channels: no script, just "
                        "the browser's own popover.</p>"
                    ),
                ),
                ("contact_card", {"card": card, "display": "launcher"}),
                ("heading", "The same card, in the page"),
                ("contact_card", {"card": card, "display": "inline"}),
            ],
        )
        self.page(
            home,
            "Opening hours",
            "hours",
            [
                (
                    "paragraph",
                    RichText(
                        "<p>Accounts with opening hours, set around the time the "
                        "demo was seeded: one open, one closed that says when it "
                        "opens, and one closed that sends visitors to e-mail "
                        "instead.</p>"
                    ),
                ),
                *[
                    ("message_button", {"account": account})
                    for account in self.hours_accounts(accounts["email"])
                ],
            ],
        )
        self.french(home, accounts)
        self.click_counts(site_settings.site, contact, accounts)
        self.admin_user()
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo ready: http://127.0.0.1:8000/\n"
                f"Admin: http://127.0.0.1:8000/admin/  user {ADMIN_USERNAME!r}, "
                f"password {ADMIN_PASSWORD!r}\n"
            )
        )

    def click_counts(self, site, contact, accounts):
        """Four weeks of demo clicks for Reports → Message clicks: more on
        weekdays, most on WhatsApp, from the contact page's buttons, its QR code
        and the floating card. Made up, and the same at every seeding."""
        ClickCount.objects.filter(site=site).delete()
        today = ClickCount.today()
        sources = [
            (accounts["whatsapp"], contact, "block", 9),
            (accounts["whatsapp"], contact, "qr", 2),
            (accounts["telegram"], None, "floating", 5),
            (accounts["email"], None, "floating", 3),
            (accounts["messenger"], None, "floating", 2),
        ]
        rows = []
        for age in range(28):
            day = today - dt.timedelta(days=age)
            weekday = day.weekday() < 5
            for number, (account, page, source, usual) in enumerate(sources):
                clicks = (usual * (3 if weekday else 1) + (age * 7 + number) % 5) // 2
                if clicks:
                    rows.append(
                        ClickCount(
                            day=day,
                            site=site,
                            page=page,
                            account=account,
                            channel=account.channel,
                            source=source,
                            clicks=clicks,
                        )
                    )
        ClickCount.objects.bulk_create(rows)

    def account(self, slug, name, channel, recipient, display_name, text, ref):
        account = MessageAccount.objects.filter(slug=slug).first() or MessageAccount()
        account.slug, account.name, account.channel = slug, name, channel
        account.recipient, account.display_name = recipient, display_name
        account.default_text, account.ref = text, ref
        account.full_clean()
        account.save()
        return account

    def hours_accounts(self, email):
        """A help desk open for the next ten hours, a showroom line that opens in
        three and says so, and a night line, closed too, that gives way to e-mail:
        every day, in the project's time zone."""
        hour = timezone.localtime().replace(minute=0, second=0, microsecond=0)

        def every_day(starts, ends):
            opens, closes = (
                hour + dt.timedelta(hours=starts),
                hour + dt.timedelta(hours=ends),
            )
            days = [str(day) for day in range(7)]
            return [
                (
                    "hours",
                    {"days": days, "opens": opens.time(), "closes": closes.time()},
                )
            ]

        rows = [
            (
                "help-desk",
                "Help desk",
                "whatsapp",
                "+44 20 7946 0002",
                every_day(-2, 10),
                "note",
                None,
            ),
            (
                "showroom-line",
                "Showroom line",
                "sms",
                "+1 415 555 0101",
                every_day(3, 5),
                "note",
                None,
            ),
            (
                "night-line",
                "Night line",
                "telegram",
                "furni_night",
                every_day(3, 5),
                "fallback",
                email,
            ),
        ]
        made = []
        for slug, name, channel, recipient, hours, when_closed, fallback in rows:
            account = self.account(slug, name, channel, recipient, "", "", "")
            account.label = name
            account.opening_hours = hours
            account.when_closed, account.fallback_account = when_closed, fallback
            account.full_clean()
            account.save()
            made.append(account)
        return made

    def card(self, accounts):
        """The floating button's card: four channels, who answers and a face."""
        card = (
            ContactCard.objects.filter(
                slug="talk-to-us", locale=Locale.get_default()
            ).first()
            or ContactCard()
        )
        card.name, card.slug = "Talk to us", "talk-to-us"
        card.heading = "Talk to us"
        card.greeting = "Hello! We are Anna and Luca.\nAsk us anything about sofas."
        card.reply_time = "Typically replies within an hour"
        card.avatar = card.avatar or self.avatar()
        card.options = [
            ("option", {"account": accounts[key], "label": label, "text": ""})
            for key, label in [
                ("whatsapp", "WhatsApp"),
                ("telegram", "Telegram"),
                ("messenger", "Messenger"),
                ("email", "E-mail"),
            ]
        ]
        card.full_clean()
        card.save()
        return card

    def avatar(self):
        """A drawn face for the card: two heads, as a PNG."""
        drawing = PILImage.new("RGB", (192, 192), "#e8eef5")
        draw = ImageDraw.Draw(drawing)
        for x, colour in [(30, "#3d5a80"), (100, "#d6005f")]:
            draw.ellipse((x + 12, 40, x + 52, 80), fill=colour)
            draw.ellipse((x, 88, x + 64, 170), fill=colour)
        data = BytesIO()
        drawing.save(data, "PNG")
        return get_image_model().objects.create(
            title="Anna and Luca", file=ImageFile(data, name="anna-and-luca.png")
        )

    def home_page(self):
        site = Site.objects.get(is_default_site=True)
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            welcome = site.root_page
            home = root.add_child(
                instance=HomePage(
                    title="Furni",
                    slug="furni-home",
                    body=[
                        ("heading", "Message buttons, on every channel"),
                        (
                            "paragraph",
                            RichText(
                                "<p>Each button below is a plain link: no "
                                "script, no cookie, no request to another site.</p>"
                            ),
                        ),
                        ("message_button", {}),
                    ],
                )
            )
            site.root_page = home
            site.site_name = "Furni"
            site.save()
            if welcome.specific_class is Page:
                welcome.delete()
        return home

    def page(self, parent, title, slug, body):
        page = ContentPage.objects.filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=ContentPage(title=title, slug=slug))
        page.title, page.body = title, body
        page.save_revision().publish()
        return page

    def french(self, home, accounts):
        """A French version of the site and of the accounts: /fr/."""
        french, _ = Locale.objects.get_or_create(language_code="fr")
        for key, label, text in FRENCH_ACCOUNTS:
            original = accounts[key]
            translation = original.get_translation_or_none(french)
            if translation is None:
                translation = original.copy_for_translation(french)
            translation.label, translation.default_text = label, text
            translation.full_clean()
            translation.save()
        card = ContactCard.objects.get(slug="talk-to-us", locale=Locale.get_default())
        french_card = card.get_translation_or_none(french)
        if french_card is None:
            french_card = card.copy_for_translation(french)
        french_card.heading = "Parlons-en"
        french_card.greeting = (
            "Bonjour ! Nous sommes Anna et Luca.\nPosez-nous vos questions."
        )
        french_card.reply_time = "Répond généralement en moins d’une heure"
        french_card.full_clean()
        french_card.save()
        for page in [home, *home.get_children().specific()]:
            if page.get_translation_or_none(french) is None:
                page.copy_for_translation(french, copy_parents=True)
            translated = page.get_translation(french)
            translated.title = FRENCH_TITLES.get(page.slug, page.title)
            translated.save_revision().publish()

    def admin_user(self):
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user is None:
            user = User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com")
        user.set_password(ADMIN_PASSWORD)
        user.save()
