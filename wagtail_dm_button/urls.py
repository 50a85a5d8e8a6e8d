"""The counting view that message links lead to on sites that count clicks:

path("message/", include("wagtail_dm_button.urls")),
"""

from django.urls import path

from .clicks import go

app_name = "wagtail_dm_button"

urlpatterns = [path("<str:token>/", go, name="go")]
