"""Reports → Message clicks: the counts of a site's message links, as Wagtail's
own reports show theirs (``ReportView``: filters, a table, CSV and XLSX export).

Filters: a date range, a site, an account, a channel. The table gives the clicks
for each account, channel and page; above it, the totals by account and by
channel, and a chart of clicks per day drawn on the server as SVG, with the same
figures in a table for screen readers and anyone who prefers numbers.
"""

import datetime as dt
from dataclasses import dataclass

import django_filters
from django.db.models import Sum
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from .channels import channel_choices, get_channels
from .models import ClickCount, MessageAccount
from .page_model import page_model

#: The chart's drawing area, in SVG units (it scales to the width it is given).
CHART_WIDTH = 720
CHART_HEIGHT = 160
#: The longest range the chart draws day by day.
CHART_DAYS = 400


class ClickReportFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget, method="filter_days"
    )
    site = django_filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.all()
    )
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=MessageAccount.objects.all()
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=channel_choices)

    class Meta:
        model = ClickCount
        fields = ["day", "site", "account", "channel"]

    def filter_days(self, queryset, name, value):
        """The days chosen, as dates: the range field gives datetimes in the
        admin user's time zone, which a date column would read in the project's."""
        first, last = _date(value.start), _date(value.stop)
        if first:
            queryset = queryset.filter(day__gte=first)
        if last:
            queryset = queryset.filter(day__lte=last)
        return queryset


@dataclass
class Total:
    """One row of the report: the clicks on an account's links on one channel, on
    one page (``None``: outside any page, or on a page since deleted)."""

    account: object
    channel: str
    page: object
    clicks: int

    @property
    def channel_label(self):
        return channel_label(self.channel)


def channel_label(key):
    """A channel's name, or its key when it is no longer registered."""
    channel = get_channels().get(key)
    return channel.label if channel else key


@dataclass
class Bar:
    day: dt.date
    clicks: int
    x: float
    y: float
    width: float
    height: float


class MessageClicksReportView(ReportView):
    page_title = _("Message clicks")
    header_icon = "comment"
    model = ClickCount
    # Said outright: Wagtail 7.0's ReportView makes no policy from ``model``.
    permission_policy = ModelPermissionPolicy(ClickCount)
    permission_required = "view"
    filterset_class = ClickReportFilterSet
    index_url_name = "wagtail_dm_button_reports:message_clicks"
    index_results_url_name = "wagtail_dm_button_reports:message_clicks_results"
    results_template_name = "wagtail_dm_button/admin/message_clicks_results.html"
    export_filename = "message-clicks"
    list_export = ["account", "channel_label", "page", "clicks"]
    export_headings = {
        "account": _("Account"),
        "channel_label": _("Channel"),
        "page": _("Page"),
        "clicks": _("Clicks"),
    }
    columns = [
        Column("account", label=_("Account")),
        Column("channel_label", label=_("Channel")),
        Column("page", label=_("Page")),
        Column("clicks", label=_("Clicks")),
    ]
    no_results_message = _("No clicks counted for these filters.")
    #: The page of rows, decorated (``decorate_paginated_queryset``).
    totals = None

    def get_queryset(self):
        return ClickCount.objects.all()

    def get_filtered_queryset(self):
        return (
            self.counted.values("account", "channel", "page")
            .annotate(total=Sum("clicks"))
            .order_by("-total", "account", "channel", "page")
        )

    @cached_property
    def counted(self):
        """The rows the filters leave."""
        return self.filter_queryset(self.get_queryset())

    def get_table(self, object_list):
        return super().get_table(self.decorate_paginated_queryset(object_list))

    def decorate_paginated_queryset(self, object_list):
        """The rows (account, channel, page and their clicks) with the accounts
        and pages they name, each kind in one query. ``ReportView`` asks for the
        page of rows twice, for the table and for the export (or the context's
        ``object_list``): they are looked up once."""
        if self.totals is None:
            rows = list(object_list)
            accounts = MessageAccount.objects.in_bulk({row["account"] for row in rows})
            pages = page_model().objects.in_bulk(
                {row["page"] for row in rows if row["page"] is not None}
            )
            self.totals = [
                Total(
                    account=accounts.get(row["account"]),
                    channel=row["channel"],
                    page=pages.get(row["page"]),
                    clicks=row["total"],
                )
                for row in rows
            ]
        return self.totals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            context.update(self.summary())
        return context

    def summary(self):
        """The totals by account and by channel, and the chart's bars."""
        by_account = list(
            self.counted.values("account", "account__name")
            .annotate(total=Sum("clicks"))
            .order_by("-total", "account__name", "account")
        )
        by_channel = [
            {"label": channel_label(row["channel"]), **row}
            for row in self.counted.values("channel")
            .annotate(total=Sum("clicks"))
            .order_by("-total", "channel")
        ]
        by_day = dict(
            self.counted.values_list("day").annotate(total=Sum("clicks")).order_by()
        )
        return {
            "total_clicks": sum(row["total"] for row in by_account),
            "by_account": by_account,
            "by_channel": by_channel,
            "chart": chart(by_day, self.filters),
        }


def chart(by_day, filters):
    """The bars of clicks per day over the filtered range (else the days that
    have clicks), at most ``CHART_DAYS`` days ending on the last."""
    chosen = (
        filters.form.cleaned_data.get("day") if filters and filters.is_valid() else None
    )
    first = _date(chosen and chosen.start) or min(by_day, default=None)
    last = _date(chosen and chosen.stop) or max(by_day, default=None)
    if first is None or last is None or first > last:
        return None
    first = max(first, last - dt.timedelta(days=CHART_DAYS - 1))
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    highest = max((by_day.get(day, 0) for day in days), default=0) or 1
    step = CHART_WIDTH / len(days)
    bars = []
    for index, day in enumerate(days):
        clicks = by_day.get(day, 0)
        height = round(CHART_HEIGHT * clicks / highest, 2)
        bars.append(
            Bar(
                day=day,
                clicks=clicks,
                x=round(index * step, 2),
                y=round(CHART_HEIGHT - height, 2),
                width=round(max(step * 0.8, 0.5), 2),
                height=height,
            )
        )
    total = sum(bar.clicks for bar in bars)
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "highest": highest,
        "title": ngettext(
            "Clicks per day, %(first)s to %(last)s: %(total)s click in all",
            "Clicks per day, %(first)s to %(last)s: %(total)s clicks in all",
            total,
        )
        % {
            "first": formats.date_format(first, "DATE_FORMAT"),
            "last": formats.date_format(last, "DATE_FORMAT"),
            "total": total,
        },
    }


def _date(value):
    """The date of a range's end, as chosen: Wagtail's date range filter gives the
    start or end of that day, in the admin user's time zone."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value or None
