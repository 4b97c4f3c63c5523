"""Static images of the app's plotly charts, for the PDF report.

Kaleido 1.x drives an installed Chrome or Chromium (Debian's ``/usr/bin/chromium``; the
path can be set with ``BROWSER_PATH``). All figures of a report go through one browser,
started once (about two seconds), then a fraction of a second per figure.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Sequence
from typing import Any


class ChartExportError(RuntimeError):
    """The charts could not be turned into images (no Chrome/Chromium, or it failed)."""


def figure_pngs(
    figures: Sequence[tuple[Any, int, int]], *, scale: float = 2.0, timeout: float = 300.0
) -> list[bytes]:
    """PNG bytes of each ``(figure, width_px, height_px)``, in order, through one browser.

    Runs in a worker thread with its own event loop, so it works the same from a script,
    from a test and from inside Streamlit (whose script thread may not have a loop).

    Raises
    ------
    ChartExportError
        When kaleido is missing, no browser is found or the export fails.
    """
    if not figures:
        return []
    # choreographer (kaleido's browser driver) logs messages it has already handled as
    # tracebacks ("JSONError decoding message. Ignoring"); users should not see those
    logging.getLogger("choreographer").setLevel(logging.CRITICAL)
    try:
        import kaleido
    except ImportError as err:  # pragma: no cover - kaleido is a dependency
        raise ChartExportError(f"kaleido is not installed ({err})") from None

    async def export() -> list[bytes]:
        out: list[bytes] = []
        async with kaleido.Kaleido(n=1) as k:
            for fig, width, height in figures:
                out.append(
                    await k.calc_fig(
                        fig,
                        opts={
                            "format": "png",
                            "width": int(width),
                            "height": int(height),
                            "scale": scale,
                        },
                    )
                )
        return out

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, export()).result(timeout=timeout)
        except ChartExportError:
            raise
        except (
            Exception
        ) as err:  # kaleido's and choreographer's own errors: no browser, crash, timeout
            raise ChartExportError(f"{type(err).__name__}: {err}".strip()) from err
