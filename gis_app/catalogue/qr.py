"""QR labels for packaging: the product page's address as a QR code (segno), as SVG or PNG.

Error correction Q (25 % of the symbol may be scratched or smudged and still read) and a quiet zone of four
modules, as printers of packaging labels expect.
"""
import io

import segno

from gis_app.core.params import parse_int

BORDER = 4
ERROR = "q"
DEFAULT_SIZE = 512
MIN_SIZE, MAX_SIZE = 64, 4096
PRINT_DPI = 300


def code_for(url):
    return segno.make(url, error=ERROR, micro=False)


def scale_for(code, size):
    """The module size (whole pixels) that makes the symbol with its quiet zone at most `size` pixels wide."""
    width = code.symbol_size(scale=1, border=BORDER)[0]
    return max(1, size // width)


def parse_size(value):
    """`size` query parameter: the image width in pixels, 64–4096 (default 512)."""
    return parse_int("size", value, MIN_SIZE, MAX_SIZE) if value not in (None, "") else DEFAULT_SIZE


def svg(url, size=DEFAULT_SIZE, title=""):
    code = code_for(url)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=scale_for(code, size), border=BORDER, xmldecl=True, svgns=True,
              title=title or None, desc=url)
    return out.getvalue()


def png(url, size=DEFAULT_SIZE):
    code = code_for(url)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale_for(code, size), border=BORDER, dpi=PRINT_DPI)
    return out.getvalue()


def inline_svg(url):
    """An <svg> element without a fixed size (the printed sheet's CSS sizes it in millimetres)."""
    return code_for(url).svg_inline(scale=1, border=BORDER, omitsize=True, svgclass="qr", lineclass=None,
                                    title=url)
