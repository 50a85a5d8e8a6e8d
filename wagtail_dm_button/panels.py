from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel


class CurrentButtonPanel(Panel):
    """Shows, on Settings → Message buttons, the button that pages now show for
    this site: the saved default account, as visitors see it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Current default button"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_dm_button/admin/current_button_panel.html"

        def get_context_data(self, parent_context=None):
            from .rendering import render_button  # rendering needs the models first

            context = super().get_context_data(parent_context)
            account = self.instance.default_account if self.instance.pk else None
            context["button"] = (
                render_button(account, request=self.request) if account else ""
            )
            return context
