from wagtail.contrib.frontend_cache.backends.base import BaseBackend

#: Every batch of URLs the backend was asked to purge, in order.
PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend-cache backend, as a CDN's would be, that records instead of
    calling a CDN."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        PURGED.append(sorted(urls))
