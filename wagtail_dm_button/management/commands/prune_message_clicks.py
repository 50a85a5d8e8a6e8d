from django.core.management.base import BaseCommand

from ...clicks import prune, retention_days


class Command(BaseCommand):
    help = (
        "Delete message click counts older than "
        "WAGTAIL_DM_BUTTON_CLICK_RETENTION_DAYS (400 days unless set). Run it "
        "daily, for example from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Keep this many days instead of the setting's.",
        )

    def handle(self, *args, days=None, **options):
        days = retention_days() if days is None else days
        if days < 1:
            self.stderr.write("--days must be 1 or more.")
            raise SystemExit(2)
        deleted, first_kept = prune(days)
        self.stdout.write(
            f"Deleted {deleted} click count rows from before {first_kept.isoformat()}."
        )
