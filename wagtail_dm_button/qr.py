"""Scannable codes: a QR code of the same link a button carries, as inline SVG.

Messenger's codes did this for m.me links; a QR code does it for every channel, so a
desktop visitor or a printed page reaches the conversation on a phone. The code is
drawn here from segno's module matrix, so the markup is ours: no script, no style
attribute, no request anywhere, and it scales with its box.
"""

from dataclasses import dataclass

import segno

#: The quiet zone around the code, in modules, as the QR standard asks.
QUIET_ZONE = 4


@dataclass(frozen=True)
class QRCode:
    size: int  # modules across, quiet zone included
    path: str  # SVG path data drawing the dark modules


def make_qr_code(link):
    """The QR code of ``link``, at error correction level M."""
    code = segno.make(link, error="m", micro=False, boost_error=False)
    rows = code.matrix_iter(scale=1, border=QUIET_ZONE)
    return QRCode(size=code.symbol_size(border=QUIET_ZONE)[0], path=_path(rows))


def _path(rows):
    """One horizontal run per stretch of dark modules: ``M x y h length``."""
    runs = []
    for y, row in enumerate(rows):
        x = 0
        row = list(row)
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h{start - x}z")
    return "".join(runs)
