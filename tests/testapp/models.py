from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_dm_button.blocks import ContactCardBlock, MessageButtonBlock


class ButtonPage(Page):
    """A page whose body offers the message button and contact card blocks, as a
    site's would."""

    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            (
                "paragraph",
                blocks.RichTextBlock(features=["bold", "link", "message-link"]),
            ),
            ("message_button", MessageButtonBlock()),
            ("contact_card", ContactCardBlock()),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    api_fields = [APIField("body")]
