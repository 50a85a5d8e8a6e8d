from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_dm_button.blocks import ContactCardBlock, MessageButtonBlock


class ContentBlock(blocks.StreamBlock):
    """What an ordinary site's body offers: text, the message button and the
    contact card."""

    heading = blocks.CharBlock(form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "message-link"]
    )
    message_button = MessageButtonBlock()
    contact_card = ContactCardBlock()


class HomePage(Page):
    body = StreamField(ContentBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]


class ContentPage(Page):
    body = StreamField(ContentBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
