from django.core.management.base import BaseCommand

from ...channels import BUILTIN_CHANNELS, get_channels
from ...styles import channel_rules


class Command(BaseCommand):
    help = (
        "Print the stylesheet rules that give channels registered through the "
        "register_dm_button_channel hook their brand colours, for your own "
        "stylesheet (the package's stylesheet has the built-in channels' rules)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--builtin",
            action="store_true",
            help="Print the built-in channels' rules instead, as the package's "
            "stylesheet ends.",
        )

    def handle(self, *args, builtin=False, **options):
        if builtin:
            channels = BUILTIN_CHANNELS
        else:
            channels = [
                channel
                for channel in get_channels().values()
                if channel not in BUILTIN_CHANNELS
            ]
        self.stdout.write(channel_rules(channels), ending="")
