"""开始: the first page — load the sample data or upload files, then see the figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from pages.common import engine, metrics_table, show_error, store_version
from unionstats.errors import UnionStatsError
from unionstats.formatting import metric_value

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"

st.title("工会统计看板")

try:
    version = store_version()
    table = metrics_table(version)
except UnionStatsError as error:
    show_error(error)
    st.stop()

if table.empty:
    st.info("数据库里还没有数据。可以先载入示例数据看看效果,或上传本单位的 Excel 台账。")
    if st.button("载入示例数据", type="primary"):
        from unionstats.importer import import_bytes

        files = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix.lower() in {".xlsx", ".xls", ".xlsm", ".csv"})
        bar = st.progress(0.0, text="正在导入示例数据…")
        for i, path in enumerate(files):
            bar.progress(i / len(files), text=f"正在导入 {path.name}({i + 1}/{len(files)})")
            import_bytes(engine(), path.read_bytes(), path.name, on_overlap="keep")
        bar.progress(1.0, text="示例数据已导入")
        st.rerun()

uploads = st.file_uploader("上传 Excel 或 CSV 文件(可多选)", type=["xlsx", "xlsm", "xls", "csv"], accept_multiple_files=True)
unit = st.text_input("文件所属单位(表中没有「单位」列时填写)", value="")
if uploads and st.button("开始导入"):
    from unionstats.importer import import_bytes

    for upload in uploads:
        report, _ = import_bytes(engine(), upload.getvalue(), upload.name, unit=unit or None)
        with st.expander(f"{upload.name}:{report['message'] or report['status']}", expanded=True):
            for sheet in report["sheets"]:
                if sheet["kind"] is None:
                    st.write(f"工作表「{sheet['sheet']}」已跳过:{sheet['skipped']}")
                else:
                    st.write(
                        f"工作表「{sheet['sheet']}」:入库 {sheet['stored']} 行,拒收 {sheet['rejected']} 行,警告 {sheet['warned']} 行"
                    )
                for problem in sheet["problems"]:
                    st.caption(problem["message"])
    st.cache_data.clear()

if not table.empty:
    years = sorted(table["period"].unique())
    year = st.selectbox("年度", years, index=len(years) - 1)
    shown = table[(table["period"] == year) & table["category"].isna()]
    st.dataframe(
        {
            "指标": shown["label"].tolist(),
            "数值": [metric_value(m, v) for m, v in zip(shown["metric"], shown["value"], strict=True)],
            "计算": [
                "" if pd.isna(d) else f"{n:,.0f} ÷ {d:,.0f}"
                for n, d in zip(shown["numerator"], shown["denominator"], strict=True)
            ],
        },
        hide_index=True,
    )
