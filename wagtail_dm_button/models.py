import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string
from wagtail.models import PreviewableMixin, TranslatableMixin

from . import hours, queries, tokens, variables
from .channels import (
    UnknownChannelError,
    channel_choices,
    get_channel,
    get_channels,
    normalise_ref,
)
from .chooser_blocks import ContactOptionBlock
from .fields import StoredStreamField
from .page_model import page_model_string
from .panels import AvailabilityPanel, CurrentButtonPanel
from .widgets import SafeSnippetChooser, TimeZoneSelect

try:  # wagtail-localize reads which fields translators see (translatable_fields).
    from wagtail_localize.fields import SynchronizedField, TranslatableField
except ImportError:
    SynchronizedField = TranslatableField = None


def _channel_guide():
    """The help above the channel field: what each channel takes as recipient."""
    rows = format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        (
            (channel.label, channel.recipient_help)
            for channel in get_channels().values()
        ),
    )
    return format_html(
        "<p>{}</p><ul>{}</ul>", _("What to type as the recipient:"), rows
    )


def localized_fields(*, translated, synchronised, overridable=()):
    """What wagtail-localize, where a project uses it, shows translators:
    ``translated`` fields are translated, ``synchronised`` ones copied from the
    original and never shown, ``overridable`` ones copied unless a language sets
    its own. Without wagtail-localize there is nothing to declare."""
    if TranslatableField is None:
        return []
    return [
        *(TranslatableField(name) for name in translated),
        *(SynchronizedField(name, overridable=False) for name in synchronised),
        *(SynchronizedField(name) for name in overridable),
    ]


class SlugPerLocaleMixin:
    """Slugs unique per language, checked as a field error. Forms leave the locale
    out, so Django's own unique check never runs: without this a duplicate would
    fail on saving."""

    slug_taken = ""  # the field error, said of the model's own things

    def check_slug_is_free(self):
        locale_id = self.locale_id or self.get_default_locale().pk
        taken = type(self)._default_manager.filter(slug=self.slug, locale_id=locale_id)
        if self.slug and taken.exclude(pk=self.pk).exists():
            raise ValidationError({"slug": self.slug_taken})


class MessageAccount(SlugPerLocaleMixin, TranslatableMixin, models.Model):
    """One of the business's accounts on a channel, that buttons open a
    conversation with.

    The recipient and the X display name are stored normalised (see
    ``wagtail_dm_button.identifiers``), so links are built from known-good parts.
    """

    slug_taken = _("Another account in this language has this slug. Choose another.")

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("For admins and editors only, like “Customer support”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        help_text=_('How templates name this account: {% message_button "slug" %}.'),
    )
    channel = models.CharField(_("channel"), max_length=32, choices=channel_choices)
    recipient = models.CharField(
        _("recipient"),
        max_length=255,
        help_text=_(
            "Who the conversation is with: a user id, user name, phone number or "
            "e-mail address, as the guide above says for each channel. A pasted "
            "profile link is fine."
        ),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown on the button as “Message NAME”. For X, the screen name, like "
            "@furni."
        ),
    )
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("Text on this account's buttons, unless a button sets its own."),
    )
    default_text = models.TextField(
        _("default message"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Typed in for the visitor, unless a button sets its own message. "
            "Instagram and Signal links cannot carry one."
        ),
    )
    ref = models.CharField(
        _("tracking reference"),
        max_length=250,
        blank=True,
        help_text=_(
            "Passed on to you with the conversation, like spring_campaign. "
            "Messenger and Instagram only."
        ),
    )

    opening_hours = StoredStreamField(
        hours.hours_blocks(),
        blank=True,
        verbose_name=_("opening hours"),
        help_text=_(
            "When you answer on this account. Leave empty to answer around the "
            "clock; add closed dates for days off."
        ),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=hours.default_time_zone,
        validators=[hours.check_time_zone],
        help_text=_("The time zone of the opening hours, like Europe/Berlin."),
    )
    when_closed = models.CharField(
        _("when closed"),
        max_length=16,
        choices=[
            ("note", _("Show the button, saying when it opens")),
            ("hide", _("Hide the button")),
            ("fallback", _("Show the fallback account's button instead")),
        ],
        default="note",
    )
    fallback_account = models.ForeignKey(
        "self",
        verbose_name=_("fallback account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Opened while this account is closed, like an e-mail address; its own "
            "opening hours are not consulted."
        ),
    )

    translatable_fields = localized_fields(
        translated=["name", "display_name", "label", "default_text"],
        synchronised=[
            "slug",
            "channel",
            "opening_hours",
            "timezone",
            "when_closed",
            "fallback_account",
        ],
        overridable=["recipient", "ref"],
    )

    panels = [
        MultiFieldPanel(
            [
                TitleFieldPanel("name", placeholder=False),
                FieldPanel("slug", widget=SlugInput),
            ],
            heading=_("Account"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(content=_channel_guide),
                FieldPanel("channel"),
                FieldPanel("recipient"),
                FieldPanel("display_name"),
            ],
            heading=_("Conversation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("label"),
                FieldPanel(
                    "default_text",
                    # Said by the panel: the variables may come from a hook.
                    help_text=format_lazy(
                        "{} {}", default_text.help_text, variables.HELP
                    ),
                ),
                FieldPanel("ref"),
            ],
            heading=_("Button"),
        ),
        MultiFieldPanel(
            [
                AvailabilityPanel(),
                FieldPanel("opening_hours"),
                FieldPanel("timezone", widget=TimeZoneSelect),
                FieldPanel("when_closed"),
                FieldPanel("fallback_account"),
            ],
            heading=_("Opening hours"),
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("message account")
        verbose_name_plural = _("message accounts")

    def __str__(self):
        return self.name

    def get_channel(self):
        """This account's channel; ``UnknownChannelError`` if it is no longer
        registered."""
        return get_channel(self.channel)

    def availability(self, at=None):
        """Whether the account answers at ``at`` (aware; default now), and when
        that next changes: ``hours.Availability``. Worked out from the stored hours
        alone, with no query. ``hours.BadHours`` when they cannot be read."""
        return hours.read_schedule(self.opening_hours).availability(
            hours.time_zone(self.timezone), at or hours.now()
        )

    def availability_summary(self):
        """The account form's help: "Now closed; opens Mon 30 Nov 09:00
        Europe/Berlin"; empty without opening hours."""
        if not self.opening_hours.raw_data:
            return ""
        try:
            return hours.summary(self.availability(), hours.time_zone(self.timezone))
        except hours.BadHours:
            return ""

    def clean(self):
        super().clean()
        self.check_slug_is_free()
        self.check_fallback()
        try:
            channel = self.get_channel()
        except UnknownChannelError:
            return  # The channel field's own choices validation reports it.
        errors = {}
        for field_name, normalise in (
            ("recipient", channel.normalise_recipient),
            ("display_name", channel.normalise_display_name),
        ):
            if not getattr(self, field_name):
                continue  # A required field left empty is reported by the field.
            try:
                setattr(self, field_name, normalise(getattr(self, field_name)))
            except ValidationError as error:
                errors[field_name] = error
        # The recipient as stored, where it is valid: some links take no message.
        recipient = None if "recipient" in errors else self.recipient
        try:
            channel.check_message(self.default_text, recipient)
            variables.check(self.default_text)
        except ValidationError as error:
            errors["default_text"] = error
        if self.ref:
            if not channel.supports("ref", recipient):
                errors["ref"] = _(
                    "%(channel)s links have no tracking reference. Leave this empty."
                ) % {"channel": channel.label}
            else:
                try:
                    self.ref = normalise_ref(self.ref)
                except ValidationError as error:
                    errors["ref"] = error
        if errors:
            raise ValidationError(errors)

    def check_fallback(self):
        """The fallback is another account (not this one in another language), and
        its fallbacks never lead back to this one."""
        fallback = self.fallback_account
        if fallback is None:
            return
        seen = {self.translation_key}
        while fallback is not None:
            if fallback.translation_key in seen:
                raise ValidationError(
                    {
                        "fallback_account": _(
                            "This account cannot be its own fallback, nor the "
                            "fallback of its fallback. Choose another account, or "
                            "none."
                        )
                    }
                )
            seen.add(fallback.translation_key)
            fallback = fallback.fallback_account


class ContactCard(
    SlugPerLocaleMixin, TranslatableMixin, PreviewableMixin, models.Model
):
    """One button that opens a card: who answers, a greeting, how soon they reply,
    and a choice of channels, each option the standard button of an account."""

    slug_taken = _(
        "Another contact card in this language has this slug. Choose another."
    )

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("For admins and editors only, like “Sales team”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        help_text=_('How templates name this card: {% contact_card "slug" %}.'),
    )
    heading = models.CharField(
        _("heading"),
        max_length=100,
        help_text=_("The card's title, like “Talk to us”; also on its button."),
    )
    greeting = models.TextField(
        _("greeting"),
        max_length=500,
        blank=True,
        help_text=_("A few words to the visitor. Line breaks are kept."),
    )
    avatar = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("avatar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who answers: a photo or logo, shown small and round."),
    )
    reply_time = models.CharField(
        _("reply time"),
        max_length=100,
        blank=True,
        help_text=_("How soon you answer, like “Typically replies within an hour”."),
    )
    options = StoredStreamField(
        [("option", ContactOptionBlock())],
        min_num=1,
        max_num=12,
        verbose_name=_("options"),
        help_text=_("The channels the card offers, in order: 1 to 12."),
    )

    #: The avatar shows this many pixels across; its rendition is twice that, for
    #: sharp screens, and never the original file.
    AVATAR_SIZE = 48
    AVATAR_SPEC = f"fill-{2 * AVATAR_SIZE}x{2 * AVATAR_SIZE}"

    translatable_fields = localized_fields(
        translated=["name", "heading", "greeting", "reply_time", "options"],
        synchronised=["slug"],
        overridable=["avatar"],
    )

    panels = [
        MultiFieldPanel(
            [
                TitleFieldPanel("name", placeholder=False),
                FieldPanel("slug", widget=SlugInput),
            ],
            heading=_("Card"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("avatar"),
                FieldPanel("reply_time"),
                FieldPanel("greeting"),
            ],
            heading=_("Who answers"),
        ),
        FieldPanel("options"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("contact card")
        verbose_name_plural = _("contact cards")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.check_slug_is_free()

    @classmethod
    def avatar_renditions(cls):
        """For a query of cards: their avatars' renditions, all in one query, where
        Wagtail's ``get_rendition`` finds them (it makes a query per image
        otherwise, when the cache does not hold it)."""
        renditions = cls._meta.get_field("avatar").related_model.get_rendition_model()
        return Prefetch(
            "avatar__renditions",
            queryset=renditions.objects.filter(filter_spec=cls.AVATAR_SPEC),
        )

    def get_preview_template(self, request, mode_name):
        return "wagtail_dm_button/admin/contact_card_preview.html"

    @property
    def preview_modes(self):
        return [("inline", _("Card")), ("launcher", _("Button"))]

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["display"] = mode_name
        return context


@register_setting(icon="comment")
class MessageButtonSettings(BaseSiteSetting):
    """Each site's message buttons: the account they open when none is chosen,
    and how they open it."""

    default_account = models.ForeignKey(
        MessageAccount,
        verbose_name=_("default account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The account that message buttons on this site open when a button "
            "chooses none. Without one, such buttons are left out."
        ),
    )
    open_in_new_tab = models.BooleanField(
        _("open in a new tab"),
        default=True,
        help_text=_("Keeps your page open while the visitor writes the message."),
    )
    load_platform_scripts = models.BooleanField(
        _("load platform scripts"),
        default=False,
        help_text=_(
            "Lets X's own script restyle X buttons. It loads from platform.twitter.com "
            "and lets X see your visitors: leave off unless you need it."
        ),
    )

    floating_button = models.BooleanField(
        _("show a floating button"),
        default=False,
        help_text=_(
            "A “Message us” button in a corner of every page that has the "
            "{% floating_message_button %} tag. On small screens it sits at the end "
            "of the page instead, so it never covers the content."
        ),
    )
    floating_account = models.ForeignKey(
        MessageAccount,
        verbose_name=_("floating button's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the default account."),
    )
    floating_label = models.CharField(
        _("floating button's text"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty for the account's own text."),
    )
    floating_card = models.ForeignKey(
        ContactCard,
        verbose_name=_("floating button's contact card"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The floating button opens this card instead of a single account. "
            "Leave empty for the account above."
        ),
    )
    floating_corner = models.CharField(
        _("corner"),
        max_length=20,
        choices=[
            ("bottom-right", _("Bottom right")),
            ("bottom-left", _("Bottom left")),
        ],
        default="bottom-right",
    )

    count_clicks = models.BooleanField(
        _("count clicks"),
        default=False,
        help_text=_(
            "Message links on this site lead through this site first, which counts "
            "the click and sends the visitor on: Reports → Message clicks shows the "
            "counts. Nothing about visitors is stored, and no cookie is set. Printed "
            "QR codes made while this is on keep working only while their account "
            "exists."
        ),
    )

    # Joined by Wagtail's base_queryset, which reads the settings only where a
    # site has none yet (for_site below makes them then, as Wagtail does).
    select_related = [
        "default_account",
        "floating_account",
        "floating_card",
        "floating_card__avatar",
    ]

    @classmethod
    def for_site(cls, site):
        """The site's settings, made on first use, as Wagtail's ``for_site``.

        They are read in one query and the accounts they name in a second, both
        with SQL compiled once per process (``kept_queries``): Wagtail's single
        query joins four tables, and compiling it costs more than these two
        queries run. The floating button's card is read where it is shown,
        when it is asked for.
        """
        found = None if site is None else queries.of_site(cls, site)
        if found is None:
            return super().for_site(site)
        # From the settings' own database, as Wagtail's join reads them: a
        # replica the routers would read from may not have the account an admin
        # has just chosen, or its latest edit.
        accounts = queries.by_id(
            MessageAccount,
            [found.default_account_id, found.floating_account_id],
            using=found._state.db,
        )
        for name in ("default_account", "floating_account"):
            # None where the account was deleted between the two queries: the
            # join Wagtail makes would have found none either. (Assigning None
            # would clear the id too; the field's cache is what the join fills.)
            account = accounts.get(getattr(found, f"{name}_id"))
            cls._meta.get_field(name).set_cached_value(found, account)
        return found

    panels = [
        CurrentButtonPanel(),
        FieldPanel("default_account", widget=SafeSnippetChooser(MessageAccount)),
        FieldPanel("open_in_new_tab"),
        FieldPanel("load_platform_scripts"),
        FieldPanel("count_clicks"),
        MultiFieldPanel(
            [
                FieldPanel("floating_button"),
                FieldPanel(
                    "floating_account", widget=SafeSnippetChooser(MessageAccount)
                ),
                FieldPanel("floating_card", widget=SafeSnippetChooser(ContactCard)),
                FieldPanel("floating_label"),
                FieldPanel("floating_corner"),
            ],
            heading=_("Floating button"),
        ),
    ]

    class Meta:
        verbose_name = _("message buttons")
        verbose_name_plural = _("message buttons")

    def clean(self):
        super().clean()
        if self.count_clicks and not tokens.installed():
            raise ValidationError(
                {
                    "count_clicks": _(
                        "Clicks cannot be counted yet: ask your developers to add "
                        'path("message/", include("wagtail_dm_button.urls")) to the '
                        "site's urls.py."
                    )
                }
            )


class ClickCount(models.Model):
    """How many times visitors followed message links, one row per day, site,
    page, account, channel and source. Nothing about the visitor is kept."""

    SOURCES = [
        ("block", _("Button block")),
        ("tag", _("Template tag")),
        ("floating", _("Floating button")),
        ("card", _("Contact card")),
        ("qr", _("QR code")),
        ("richtext", _("Rich text link")),
    ]

    day = models.DateField(_("day"))
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE
    )
    page = models.ForeignKey(
        page_model_string(),
        verbose_name=_("page"),
        null=True,
        blank=True,
        # A deleted page's rows join the page-less ones first (clicks.py).
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account = models.ForeignKey(
        MessageAccount,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="click_counts",
    )
    channel = models.CharField(_("channel"), max_length=50)
    source = models.CharField(_("source"), max_length=20, choices=SOURCES)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("message click count")
        verbose_name_plural = _("message click counts")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "site", "page", "account", "channel", "source"],
                condition=models.Q(page__isnull=False),
                name="wagtail_dm_button_click_count_unique",
            ),
            # NULLs are distinct in a unique index: page-less rows need their own.
            models.UniqueConstraint(
                fields=["day", "site", "account", "channel", "source"],
                condition=models.Q(page__isnull=True),
                name="wagtail_dm_button_click_count_unique_without_page",
            ),
        ]
        indexes = [models.Index(fields=["site", "day"])]
        default_permissions = ["view"]

    def __str__(self):
        return f"{self.day} {self.channel} {self.source}: {self.clicks}"

    @staticmethod
    def today():
        """The day a click counts for now: the date in the project's time zone
        (``settings.TIME_ZONE``)."""
        if not settings.USE_TZ:  # Django then keeps the process in TIME_ZONE
            return dt.date.today()
        return timezone.localdate(timezone=timezone.get_default_timezone())

    @classmethod
    def recent(cls, days=30):
        """The rows of the last ``days`` days, today included."""
        return cls.objects.filter(day__gte=cls.today() - dt.timedelta(days=days - 1))
