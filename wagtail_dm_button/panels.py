from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from . import memo


class CurrentButtonPanel(Panel):
    """Shows, on Settings → Message buttons, the button that pages now show for
    this site: the saved default account, as visitors see it, and the floating
    button's contact card, if it has one.

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
            saved = self.saved_settings()
            context["account"] = saved.default_account if saved else None
            context["floating_card"] = saved.floating_card if saved else None
            context["request"] = memo.copy_of_request(
                self.request, {memo.SITE_SETTINGS: saved, memo.SAMPLE_VARIABLES: True}
            )
            return context

        def saved_settings(self):
            """The settings as saved: after a form that did not validate, the
            instance holds what was typed, which pages do not show yet."""
            if self.instance.pk is None:
                return None
            model = type(self.instance)
            return (
                model._default_manager.select_related(*model.select_related)
                .filter(pk=self.instance.pk)
                .first()
            )


class AvailabilityPanel(Panel):
    """Shows, above an account's opening hours, whether it answers now and when
    that changes, from the hours as saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Now"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_dm_button/admin/availability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            saved = None
            if self.instance.pk is not None:
                model = type(self.instance)
                saved = model._default_manager.filter(pk=self.instance.pk).first()
            context["summary"] = saved.availability_summary() if saved else ""
            return context
