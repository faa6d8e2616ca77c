from pathlib import Path

from srdi_report.data.reference_files import read_reference_csv, reference_path


def test_reference_path_points_into_the_package_and_appends_csv() -> None:
    path = reference_path("provinces")
    assert path.name == "provinces.csv"
    assert path.parent.name == "reference"
    assert path.parent.parent.name == "data"


def test_reference_path_keeps_subfolders() -> None:
    path = reference_path("published/numbers.csv")
    assert path.parts[-2:] == ("published", "numbers.csv")


def test_read_reference_csv_keeps_na_like_strings(tmp_path: Path, monkeypatch) -> None:
    sample = tmp_path / "reference" / "sample.csv"
    sample.parent.mkdir()
    sample.write_text("code,name\n0111,NA\n02,\n", encoding="utf-8")
    monkeypatch.setattr("srdi_report.data.reference_files.reference_path", lambda name: sample)
    frame = read_reference_csv("sample")
    assert frame.to_dict("records") == [
        {"code": "0111", "name": "NA"},
        {"code": "02", "name": ""},
    ]
