"""Plotly figures as PNG images (for Word), through kaleido driving a local Chromium.

``figure_pngs`` starts kaleido's browser once for a batch of images and closes it after
(the first image takes a second or two, each next one a tenth of a second). It runs the
browser in a thread of its own and waits at most ``BATCH_TIMEOUT`` seconds: kaleido's
sync server swallows a browser that cannot start (no Chromium, a path that points nowhere,
a snap stub) in its own thread and then waits forever for the image, so it is not used.
Without a working browser, ``ChartImageError`` says so in one Chinese sentence, never a
traceback and never a hang.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

from unionstats.errors import UnionStatsError

BATCH_TIMEOUT = 180.0  # seconds for a whole batch: a browser that is this slow is treated as missing


class ChartImageError(UnionStatsError):
    """A chart could not be drawn as an image (no Chromium / Chrome on this machine)."""


NO_BROWSER = (
    "无法把图表转成图片:本机没有可用的 Chromium 或 Chrome 浏览器。"
    "请安装 Chromium(Debian/Ubuntu:apt install chromium),或改为导出 PPT、Excel 或网页格式。"
)
TOO_SLOW = "把图表转成图片超时:本机的 Chromium 浏览器没有响应。请稍后再试,或改为导出 PPT、Excel 或网页格式。"


def figure_pngs(
    figures: Sequence[object],
    *,
    width: int = 900,
    height: int | None = None,
    scale: float = 2.0,
    timeout: float = BATCH_TIMEOUT,
) -> list[bytes]:
    """Each figure as PNG bytes, ``width`` × ``height`` CSS pixels (None: the figure's own) at ``scale``.

    One browser for the batch. Raises ChartImageError when no browser can draw them, or
    when drawing takes longer than ``timeout`` seconds.
    """
    import kaleido  # heavy: starts a browser toolchain (0.7 s to import); only Word reports and benches draw PNGs

    if not figures:
        return []
    options = [
        {"format": "png", "width": width, "height": height or figure.layout.height or 420, "scale": scale} for figure in figures
    ]

    async def draw() -> list[bytes]:
        async with kaleido.Kaleido(mathjax=False) as browser:  # no MathJax: works offline
            return [await browser.calc_fig(figure, opts=opts) for figure, opts in zip(figures, options, strict=True)]

    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["images"] = asyncio.run(draw())
        except BaseException as error:  # choreographer's ChromeNotFoundError, a browser that will not start
            outcome["error"] = error

    worker = threading.Thread(target=run, name="unionstats-chart-images", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise ChartImageError(TOO_SLOW)
    if "error" in outcome:
        raise ChartImageError(NO_BROWSER) from outcome["error"]
    return list(outcome["images"])


def figure_png(figure, *, width: int = 900, height: int | None = None, scale: float = 2.0) -> bytes:
    """One figure as PNG bytes (a batch of one; see ``figure_pngs``). Raises ChartImageError."""
    return figure_pngs([figure], width=width, height=height, scale=scale)[0]
