"""One line of JSON Lines read as a JSON object: the guard shared by ``--jsonl-in`` records
(``io.records``) and spaCy ruler pattern files (``rules.load``), which word its errors each
their own way."""

from __future__ import annotations

import json
from typing import Any


class NotAnObject(ValueError):
    """A line that is no JSON object: ``reason`` says why it is not valid JSON, and is None
    for valid JSON of another type (an array, a string, a number)."""

    def __init__(self, reason: str | None) -> None:
        super().__init__(reason or "not a JSON object")
        self.reason = reason


def json_object(line: str) -> dict[str, Any]:
    """``line`` parsed as a JSON object; raises NotAnObject."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise NotAnObject(exc.msg) from None
    except RecursionError:
        raise NotAnObject("nested too deeply") from None
    if not isinstance(obj, dict):
        raise NotAnObject(None)
    return obj
