"""Content tables as templates read them: text in the edition's language, numbers as runs."""

from __future__ import annotations

import pytest

from srdi_report.compose.content import ContentAccessError, content_view
from srdi_report.compose.model import NumRun


def test_text_fields_come_out_in_the_edition_language() -> None:
    zh = content_view("c54_suzhou_clusters", "zh_CN").row(cluster_order=1)
    en = content_view("c54_suzhou_clusters", "en").row(cluster_order=1)
    assert zh.text("cluster") == "装备制造创新集群"
    assert en.cluster == "Equipment manufacturing"


def test_numbers_are_runs_for_the_renderer() -> None:
    row = content_view("c54_suzhou_clusters", "en").row(cluster_order=1)
    assert row.num("kpi_value", "share", 1) == NumRun(
        0.735, "share", 1, number_id="c54_suzhou_clusters.kpi_value"
    )
    with pytest.raises(ContentAccessError, match="not a number"):
        row.num("cluster")


def test_unknown_tables_rows_and_fields_are_errors() -> None:
    view = content_view("c54_suzhou_clusters", "en")
    assert len(view) == 4
    with pytest.raises(ContentAccessError, match="0 rows match"):
        view.row(cluster_order=9)
    with pytest.raises(ContentAccessError, match="no field 'nope'"):
        view.rows[0].text("nope")
    with pytest.raises(ContentAccessError, match="no content table"):
        content_view("no_such_table", "en")
