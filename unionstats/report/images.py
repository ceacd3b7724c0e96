"""Plotly figures as PNG images (for Word), through kaleido driving a local Chromium.

``image_server()`` starts kaleido's browser once for a batch of images and stops it after
(the first image takes a second or two, each next one a tenth of a second); a browser
left running until the interpreter exits would leave its temporary profile behind.
Without a browser, ``ChartImageError`` says so in one Chinese sentence, never a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from unionstats.errors import UnionStatsError

_lock = threading.RLock()  # one kaleido server per process: one batch at a time
_depth = 0  # nesting of image_server() blocks in the thread holding the lock


class ChartImageError(UnionStatsError):
    """A chart could not be drawn as an image (no Chromium / Chrome on this machine)."""


NO_BROWSER = (
    "无法把图表转成图片:本机没有可用的 Chromium 或 Chrome 浏览器。"
    "请安装 Chromium(Debian/Ubuntu:apt install chromium),或改为导出 PPT、Excel 或网页格式。"
)


@contextmanager
def image_server() -> Iterator[None]:
    """Keep kaleido's browser running for the images made inside the block. Raises ChartImageError."""
    import kaleido

    global _depth
    with _lock:
        if _depth == 0:
            try:
                kaleido.start_sync_server(mathjax=False, silence_warnings=True)  # no MathJax: works offline
            except Exception as error:  # choreographer's ChromeNotFoundError, a browser that will not start
                raise ChartImageError(NO_BROWSER) from error
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                kaleido.stop_sync_server(silence_warnings=True)


def figure_png(figure, *, width: int = 900, height: int | None = None, scale: float = 2.0) -> bytes:
    """The figure as PNG bytes, ``width`` × ``height`` CSS pixels (None: the figure's own) at ``scale``.

    Call inside ``image_server()`` for a batch; alone it starts and stops a browser for
    this one image. Raises ChartImageError when no browser can draw it.
    """
    import kaleido

    height = height or figure.layout.height or 420
    with image_server():
        try:
            return kaleido.calc_fig_sync(figure, opts={"format": "png", "width": width, "height": height, "scale": scale})
        except Exception as error:
            raise ChartImageError(NO_BROWSER) from error
