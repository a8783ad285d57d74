"""Print an HTML document to PDF offline, with Debian's headless Chromium.

Nothing is fetched: the HTML is written to a private temporary folder with its CSS inlined and
its charts as inline SVG, and Chromium runs with networking, sync and updates switched off.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from helpfirst.core.errors import DocumentExportError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
PDF_TIMEOUT_S = 60
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


def find_chromium() -> Path | None:
    """Return the system Chromium, if installed."""
    return next((Path(p) for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)


def html_to_pdf(html: str, *, timeout: float = PDF_TIMEOUT_S) -> bytes:
    """Return the PDF of a self-contained HTML document (raises ``DocumentExportError``)."""
    chromium = find_chromium()
    if chromium is None:
        raise DocumentExportError(
            "PDF export needs Chromium: install Debian's package (apt-get install chromium), "
            "or open the one-page document and print it to PDF from your browser"
        )
    with tempfile.TemporaryDirectory(prefix="helpfirst-pdf-") as folder:
        work = Path(folder)
        source, target = work / "document.html", work / "document.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            str(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
            f"--print-to-pdf={target}", source.as_uri(),
        ]
        try:
            finished = subprocess.run(  # noqa: S603 - fixed executable, no shell, our own file
                command, capture_output=True, timeout=timeout, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired:
            raise DocumentExportError(
                f"Chromium took longer than {timeout:g} s to print the PDF; try again"
            ) from None
        if not target.exists() or target.stat().st_size == 0:
            detail = finished.stderr.decode(errors="replace").strip().splitlines()[-3:]
            raise DocumentExportError(
                "Chromium did not produce the PDF (exit code "
                f"{finished.returncode}): {' | '.join(detail) or 'no message'}"
            )
        return target.read_bytes()
