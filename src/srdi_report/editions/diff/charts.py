"""(c) The chart diff (editions.md §3.3): a status per exhibit, side-by-side images.

Exhibits are matched by ``exhibit_id``. Status: ``unchanged`` (spec and data hashes equal),
``data changed`` (spec equal, data differs), ``definition changed`` (spec hash differs),
``added``, ``removed``. A table has no drawn data file, so its data hash is the numbers it
prints (its cells in the manifest); a static table (no numbers from data) is ``unchanged``
when its spec is.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from srdi_report.editions.diff.model import ExhibitDiff, MetricDiffRow
from srdi_report.editions.manifest import ExhibitEntry, Manifest

CHANGED = ("data changed", "definition changed")


def _cells_hash(manifest: Manifest, exhibit_id: str) -> str:
    prefix = f"{exhibit_id}/cells"
    digest = hashlib.sha256()
    for n in manifest.numbers:
        if n.place == prefix or n.place.startswith(prefix + "/"):
            digest.update(f"{n.number_id}={n.value!r};".encode())
    return digest.hexdigest()


def _data_hash(manifest: Manifest, entry: ExhibitEntry) -> str:
    drawn = "|".join(f"{k}={v}" for k, v in sorted(entry.data_hashes.items()))
    return drawn + "#" + _cells_hash(manifest, entry.exhibit_id)


def chart_diff(
    old: Manifest, new: Manifest, rows: Iterable[MetricDiffRow] = ()
) -> tuple[ExhibitDiff, ...]:
    """The status of every exhibit of either edition: new order, removed ones at the end.

    Args:
        old: The earlier manifest.
        new: The later manifest.
        rows: The metric diff rows, to count the changed numbers of each exhibit.
    """
    changed: dict[str, int] = {}
    for row in rows:
        if row.abs_change or row.status in ("only_old", "only_new"):
            for exhibit_id in set(row.exhibits_old) | set(row.exhibits_new):
                changed[exhibit_id] = changed.get(exhibit_id, 0) + 1
    before = {e.exhibit_id: e for e in old.exhibits}
    after = {e.exhibit_id: e for e in new.exhibits}
    out = []
    for ex in sorted(new.exhibits, key=lambda e: e.number):
        prior = before.get(ex.exhibit_id)
        if prior is None:
            status = "added"
        elif prior.spec_hash != ex.spec_hash:
            status = "definition changed"
        elif _data_hash(old, prior) != _data_hash(new, ex):
            status = "data changed"
        else:
            status = "unchanged"
        out.append(_entry(ex.exhibit_id, prior, ex, status, changed.get(ex.exhibit_id, 0)))
    for ex in sorted(old.exhibits, key=lambda e: e.number):
        if ex.exhibit_id not in after:
            out.append(_entry(ex.exhibit_id, ex, None, "removed", changed.get(ex.exhibit_id, 0)))
    return tuple(out)


def _entry(
    exhibit_id: str,
    old: ExhibitEntry | None,
    new: ExhibitEntry | None,
    status: str,
    changed: int,
) -> ExhibitDiff:
    either = new or old
    assert either is not None
    return ExhibitDiff(
        exhibit_id=exhibit_id,
        old_number=old.number if old else None,
        new_number=new.number if new else None,
        kind=either.kind,
        status=status,
        titles_old=old.titles if old else {},
        titles_new=new.titles if new else {},
        changed_metrics=changed,
        images_old=old.images if old else {},
        images_new=new.images if new else {},
    )


MAX_WIDTH = 2000  # pixels of the composed image (two charts side by side, print quality)


@lru_cache(maxsize=256)
def side_by_side(old_png: bytes, new_png: bytes, *, gap: int = 24) -> bytes:
    """One PNG: the old image left, the new right, both scaled to the same height.

    Deterministic (Pillow writes no time stamp); titles are printed by the report as text, in
    its own fonts. Cached: the data files and both languages' reports share one composition.
    """
    from PIL import Image

    left: Image.Image = Image.open(io.BytesIO(old_png))
    right: Image.Image = Image.open(io.BytesIO(new_png))
    # Shrink by a whole factor first (a box filter, fast on large print-resolution PNGs) so
    # the pair fits MAX_WIDTH; then only the smaller image is scaled to the other's height.
    factor = -(-(left.width + right.width) // MAX_WIDTH)
    if factor > 1:
        left, right = left.reduce(factor), right.reduce(factor)
    left, right = left.convert("RGB"), right.convert("RGB")
    height = max(left.height, right.height)

    def fit(img: Image.Image) -> Image.Image:
        if img.height == height:
            return img
        width = round(img.width * height / img.height)
        return img.resize((width, height), Image.Resampling.BILINEAR)

    left, right = fit(left), fit(right)
    canvas = Image.new("RGB", (left.width + gap + right.width, height), "white")
    canvas.paste(left, (0, 0))
    canvas.paste(right, (left.width + gap, 0))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def image_bytes(manifest_dir: Path, images: Mapping[str, str], language: str) -> bytes | None:
    """The PNG of an exhibit in one language, resolved from the manifest's folder."""
    rel = images.get(language, "")
    if not rel:
        return None
    path = (manifest_dir / rel).resolve()
    return path.read_bytes() if path.is_file() else None
