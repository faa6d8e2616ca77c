"""Text diff tokens and operations (editions.md §3.4)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from srdi_report.editions.diff.text_diff import diff_tokens, new_text, old_text, tokens

ZH_OLD = "全国共有专精特新企业15.1万家，江苏居首。"
ZH_NEW = "全国共有专精特新企业16.7万家，江苏反超。"


def test_zh_tokens_keep_numbers_with_units() -> None:
    toks = tokens(ZH_NEW)
    assert "16.7万" in toks
    assert "江" in toks
    assert "苏" in toks
    assert "".join(toks) == ZH_NEW
    assert tokens("up 10.57% and -3 or 1,234") == [
        "up",
        " ",
        "10.57%",
        " ",
        "and",
        " ",
        "-3",
        " ",
        "or",
        " ",
        "1,234",
    ]


def test_number_and_word_changes() -> None:
    ops = diff_tokens(ZH_OLD, ZH_NEW)
    changed = [(op.op, op.text) for op in ops if op.op != "equal"]
    assert changed == [
        ("delete", "15.1万"),
        ("insert", "16.7万"),
        ("delete", "居首"),
        ("insert", "反超"),
    ]
    assert old_text(ops) == ZH_OLD
    assert new_text(ops) == ZH_NEW


def test_single_equal_token_between_changes_is_merged() -> None:
    ops = diff_tokens("rose 5 to 7 now", "fell 6 to 8 now")
    assert [op.op for op in ops][:2] == ["delete", "insert"]
    assert old_text(ops) == "rose 5 to 7 now"


def test_mostly_rewritten_segment_is_one_delete_and_insert() -> None:
    ops = diff_tokens("alpha beta gamma", "one two three")
    assert [op.op for op in ops] == ["delete", "insert"]


@given(st.text(max_size=40), st.text(max_size=40))
def test_ops_rebuild_both_texts(a: str, b: str) -> None:
    ops = diff_tokens(a, b)
    assert old_text(ops) == a
    assert new_text(ops) == b
