"""Headless Chromium (Debian's `chromium` package) for the report's browser test and screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# Flags for a quiet, offline, throw-away browser; --no-sandbox because tests may run as root.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
)
TIMEOUT = 120


def find_chromium() -> str | None:
    """The Chromium binary: $CHROMIUM, else `chromium` or `chromium-browser` on PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(binary: str, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Chromium once on ``url`` with a fresh profile folder (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="factpull-chromium-") as profile:
        return subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *args, url],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


def screenshot(binary: str, url: str, path: Path, *, width: int = 1280, height: int = 1600) -> None:
    result = run_chromium(binary, url, f"--window-size={width},{height}", f"--screenshot={path}")
    if not path.is_file():
        raise RuntimeError(f"chromium wrote no screenshot (exit {result.returncode}): {result.stderr[-2000:]}")


def dump_dom(binary: str, url: str) -> str:
    result = run_chromium(binary, url, "--dump-dom")
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"chromium --dump-dom failed (exit {result.returncode}): {result.stderr[-2000:]}")
    return result.stdout
