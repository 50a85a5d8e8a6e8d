"""Message buttons for Wagtail: a visitor clicks and lands in a private conversation
with the business, on X, Messenger, WhatsApp, Telegram and other channels."""

__version__ = "0.1.0"
