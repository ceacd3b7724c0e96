"""The deck and the Word report as LibreOffice renders them: PDF, then PNG pages (pdftoppm).

LibreOffice runs with a private profile (-env:UserInstallation) so that parallel runs do not
share one. CI installs LibreOffice and poppler; this test is never skipped.
"""

from __future__ import annotations

import subprocess

from PIL import Image
from pptx import Presentation

from tests.report.sample import PARENT, UNIT, YEAR
from unionstats.report.docx import write_docx
from unionstats.report.model import build_report
from unionstats.report.pptx import write_pptx

TIMEOUT = 300  # seconds: LibreOffice's first start on a busy machine is slow


def to_png(source, tmp_path, resolution: int = 40) -> list:
    profile = tmp_path / f"lo-profile-{source.stem}"
    outdir = tmp_path / f"pdf-{source.stem}"
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    pdf = outdir / f"{source.stem}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(outdir / "page")], check=True, timeout=TIMEOUT)
    return sorted(outdir.glob("page-*.png"))


def test_the_deck_and_the_word_report_render_to_pages(sample_engine, tmp_path):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(write_pptx(build_report(sample_engine, YEAR, parent=PARENT)))
    word = tmp_path / "word.docx"
    word.write_bytes(write_docx(build_report(sample_engine, YEAR, unit=UNIT)))

    slides = to_png(deck, tmp_path)
    assert len(slides) == len(Presentation(str(deck)).slides) >= 8
    pages = to_png(word, tmp_path)
    assert len(pages) >= 2
    for png in [*slides, *pages]:
        with Image.open(png) as image:
            darkest, _ = image.convert("L").getextrema()
        assert darkest < 128, f"{png.name} is blank"  # every page shows something
