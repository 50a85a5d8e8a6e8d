from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from . import memo


class CurrentButtonPanel(Panel):
    """Shows, on Settings → Message buttons, the button that pages now show for
    this site: the saved default account, as visitors see it.

    Its template renders the button with the ``{% message_button %}`` tag, as any
    template would, given a copy of the admin's request that carries the settings
    being edited: the preview follows the site being edited, not the site the admin
    is served from.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Current default button"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_dm_button/admin/current_button_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            site_settings = self.instance
            context["account"] = (
                site_settings.default_account if site_settings.pk else None
            )
            context["request"] = memo.copy_of_request(
                self.request, {memo.SITE_SETTINGS: site_settings}
            )
            return context
