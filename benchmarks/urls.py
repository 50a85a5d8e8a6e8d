"""The sandbox's URLs, and a bare redirect for the click-counting row: Django's
own ``RedirectView`` to a fixed channel link, the floor a counting redirect is
measured against."""

from django.urls import path
from django.views.generic import RedirectView
from sandbox.urls import urlpatterns as sandbox_urlpatterns

REDIRECT_TO = "https://wa.me/442079460000?text=Hi"

urlpatterns = [
    path("bench/redirect/", RedirectView.as_view(url=REDIRECT_TO)),
    *sandbox_urlpatterns,
]
