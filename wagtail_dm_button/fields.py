"""A StreamField that a hand-edited row cannot turn into a failing page.

Wagtail reads a StreamField's JSON as the row loads. Stored JSON it cannot make a
stream of (a number, an object, a list of strings) raises there, so whatever loads
the row fails: every page showing the account or card. This field reads it as an
empty stream instead, with a warning.

It also makes the ``JSONField`` that reads and writes its JSON once, where
Wagtail's ``StreamField.json_field`` makes a new one each time it is asked (once
for every row read): about 8 µs a row, a fifth of what reading a page's accounts
costs.
"""

from functools import cached_property

from wagtail.fields import StreamField

from .reporting import warn


class StoredStreamField(StreamField):
    @cached_property
    def json_field(self):
        return super().json_field

    def from_db_value(self, value, expression, connection):
        try:
            return super().from_db_value(value, expression, connection)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:
            warn(
                f"{self.model.__name__}.{self.name}: the stored value cannot be read "
                f"({error!r}); it is read as empty."
            )
            return self.to_python([])
