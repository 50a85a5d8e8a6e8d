from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_dm_button.blocks import ContactCardBlock, MessageButtonBlock


class ProseBlock(blocks.StreamBlock):
    """Headings and paragraphs: the text every page's body offers."""

    heading = blocks.CharBlock(form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "message-link"]
    )


class ContentBlock(ProseBlock):
    """What an ordinary site's body offers: text, the message button and the
    contact card."""

    message_button = MessageButtonBlock()
    contact_card = ContactCardBlock()


class HandWrittenLinksBlock(ProseBlock):
    """Text, and links written out as HTML in place of message buttons."""

    link = blocks.RawHTMLBlock(icon="link")


class HomePage(Page):
    body = StreamField(ContentBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]


class ContentPage(Page):
    body = StreamField(ContentBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]


class HandWrittenLinksPage(Page):
    """The benchmark's control (``make bench``): a content page with its buttons
    written out as HTML, the markup they render typed in by hand. It renders with
    the content page's template, so the two differ only where the buttons are."""

    body = StreamField(HandWrittenLinksBlock(), blank=True)

    template = "home/content_page.html"
    content_panels = [*Page.content_panels, FieldPanel("body")]
