"""The GB 32100-2015 check character."""

from __future__ import annotations

from srdi_report.data.uscc import check_character, uscc_detail, uscc_valid


def test_check_character_of_a_published_example() -> None:
    # The code printed as the example in GB 32100-2015 guidance material.
    assert check_character("91350100M000100Y4") == "3"


def test_vectorised_check_agrees_with_the_scalar_one() -> None:
    codes = ["91350100M000100Y43", "91350100M000100Y44", "91350100M0001I0Y43"]
    assert uscc_valid(codes).tolist() == [True, False, False]
    assert uscc_valid([]).tolist() == []


def test_detail_names_the_expected_character_or_the_bad_one() -> None:
    assert uscc_detail("91350100M000100Y44") == "check character 4, expected 3"
    assert uscc_detail("91350100M0001O0Y43") == (
        "character 'O' at position 14 is not used in such codes"
    )
