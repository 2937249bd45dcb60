"""One catalogue of errors with stable codes, and the exit codes of the command line."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    INPUT_FAILED = 1  # at least one input could not be processed
    USAGE = 2  # bad options or arguments (click's own code)
    INTERRUPTED = 130  # Ctrl-C


class FactpullError(Exception):
    """Base of every error factpull reports to users; ``code`` is stable across versions."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(FactpullError):
    """An input cannot be read or decoded (the batch goes on with the others)."""

    code = "E100"


class NotFoundError(InputError):
    code = "E101"


class UnreadableError(InputError):
    code = "E102"


class DecodeError(InputError):
    code = "E103"


class BinaryInputError(InputError):
    code = "E104"


class EmptyInputError(InputError):
    code = "E105"


class RecordError(InputError):
    """A JSON Lines record is malformed (not JSON, no ``text``...)."""

    code = "E106"


class ArchiveError(InputError):
    """A web archive is damaged: the message names the file and the record."""

    code = "E107"


class PageTimeoutError(InputError):
    """A page took longer than its time budget (``--page-timeout``); the batch goes on."""

    code = "E108"


class PatternError(FactpullError):
    """A pattern file is malformed: the message names the file and the rule id or line."""

    code = "E200"


class PatternTimeoutError(FactpullError):
    """A (user) regex took longer than its time budget on an input."""

    code = "E201"


class ModelError(FactpullError):
    """No usable spaCy pipeline is installed, or the one asked for cannot be loaded."""

    code = "E300"


class OutputError(FactpullError):
    """An output file cannot be written."""

    code = "E400"


class InternalError(FactpullError):
    """A bug in factpull met by one input; the batch goes on (``--debug`` shows the traceback)."""

    code = "E900"
