"""A project whose Page model is its own (Wagtail 8's WAGTAIL_PAGE_MODEL): Wagtail's
own test base page, ``wagtail.test.basepage.BasePage``, in place of wagtailcore.Page."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.test.basepage.models import BasePage

from wagtail_dm_button.blocks import MessageButtonBlock


class ContactPage(BasePage):
    body = StreamField([("message_button", MessageButtonBlock())], blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
