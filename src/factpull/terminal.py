"""Text that reaches a terminal (or an HTML/XML document): control characters made visible.

Page text and file names are data from anywhere: an ESC in them could set the terminal's
title, clear the screen or move the cursor, and a newline in a file name could forge a line
of factpull's own output. Everything factpull writes to stderr (errors, warnings,
``--explain``, progress) and the ``show`` view goes through ``sanitize``, which replaces each
unsafe character by ONE visible character, so offsets into the text stay valid.
"""

from __future__ import annotations

import re

# C0/C1 controls (an ESC could drive the terminal), lone surrogates (from JSON Lines input)
# and non-characters; tab and newline are kept unless a message must stay on one line.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ␛ for ESC, ␊ for a newline
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def sanitize(text: str, *, one_line: bool = False) -> str:
    """``text`` with control characters made visible, one character for one (offsets hold);
    ``one_line``: newlines too, for a message that must stay one line."""
    return (_UNSAFE_ONE_LINE if one_line else _UNSAFE).sub(_visible, text)
