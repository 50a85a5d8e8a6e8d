"""Each channel's brand colours as a stylesheet rule.

A channel declares its colours once, in Python (``Channel.colours``). Buttons
never carry inline styles, so that a strict Content Security Policy holds: the
colours reach the page as a rule in a stylesheet, setting the button's custom
properties. The package's stylesheet ends with the rules of the built-in channels,
made here (a test fails when they differ); a project that registers a channel puts
its rule in its own stylesheet, printed by ``manage.py message_button_css``.
"""


def channel_rule(channel):
    """The stylesheet rule that colours ``channel``'s buttons."""
    colours = channel.colours
    return (
        f".dm-button--{channel.key} {{ --dm-button-bg: {colours.background}; "
        f"--dm-button-fg: {colours.foreground}; "
        f"--dm-button-outline: {colours.outline}; }}\n"
    )


def channel_rules(channels):
    return "".join(channel_rule(channel) for channel in channels)
