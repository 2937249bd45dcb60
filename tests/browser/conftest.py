"""The real-browser tests run only from `make test-browser` (FACTPULL_BROWSER_TEST=1), never in
`make test`: they need Debian's chromium package and take a few seconds each."""

from __future__ import annotations

import os

collect_ignore_glob = [] if os.environ.get("FACTPULL_BROWSER_TEST") else ["test_*.py"]
