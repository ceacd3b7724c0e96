"""``python -m unionstats report``: every format from the command line, exit codes as every command (``cli/common.py``)."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from tests.report.sample import PARENT, UNIT, YEAR
from unionstats.cli.main import main


def test_the_summary_prints_to_stdout(sample_url, capsys):
    assert main(["report", "--year", YEAR, "--unit", UNIT, "--db", sample_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{UNIT}{YEAR}年度工作统计数据")
    assert "合计发放慰问金34,500元。" in out


@pytest.mark.parametrize("fmt", ["summary", "pptx", "docx", "xlsx", "html"])
def test_each_format_is_written_to_out(sample_url, tmp_path, capsys, fmt):
    out = tmp_path / f"报告.{fmt}"
    assert main(["report", "--year", YEAR, "--parent", PARENT, "--format", fmt, "--out", str(out), "--db", sample_url]) == 0
    assert f"已生成报告:{out}" in capsys.readouterr().out
    data = out.read_bytes()
    if fmt == "pptx":
        assert len(Presentation(io.BytesIO(data)).slides) >= 8
    elif fmt == "docx":
        assert any("入会率" in p.text for p in Document(io.BytesIO(data)).paragraphs)
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data))["会员"]["A1"].value == f"{PARENT}{YEAR}年度会员统计汇总表"
    else:
        assert "入会率" in data.decode("utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--unit", "不存在的工会"], "找不到单位「不存在的工会」"),
        (["--year", "1999"], "1999年没有"),
        (["--format", "pptx"], "请用 --out 指定输出文件"),
    ],
)
def test_a_wrong_input_is_one_chinese_line_and_exit_1(sample_url, capsys, arguments, message):
    argv = ["report", "--year", YEAR, "--db", sample_url, *arguments]
    if "--year" in arguments:
        argv = ["report", "--db", sample_url, *arguments]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误:") and message in err and err.count("\n") == 1


def test_the_command_runs_as_a_module(sample_url):
    done = subprocess.run(
        [sys.executable, "-m", "unionstats", "report", "--year", YEAR, "--db", sample_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # the district's summary: who reported first, then the areas
    assert "一、数据报送情况" in done.stdout and "二、组织建设与会员发展" in done.stdout and "入会率95.4%" in done.stdout
