"""What a figure is, as data: kind, the metric rows it draws, and options. Never code per figure.

An edition spec (``editions/national.py``) lists :class:`FigureSpec` values; the factory turns
each into a :class:`FigureAsset` per locale. A :class:`DataView` says which rows and columns of
which metric result a chart draws and under which *role* names the kind expects them
(``category``, ``value``, ``series`` …), so a kind never knows metric column names.
"""

from __future__ import annotations

import copyreg
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from srdi_report.errors import InputError


class FigureSpecError(InputError):
    """A figure spec cannot be drawn: a missing role, result or column (names the figure)."""


def _frozen(mapping: Mapping[str, object] | None = None) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping or {}))


def read_only(mapping: dict[str, object]) -> Mapping[str, object]:
    """A read-only view of ``mapping`` (what a pickled ``MappingProxyType`` comes back as)."""
    return MappingProxyType(mapping)


def _reduce_mapping_proxy(proxy: MappingProxyType[str, object]) -> tuple[object, ...]:
    return (read_only, (dict(proxy),))


# Specs hold read-only mappings (nested too: options with reference lines), and the figure
# pool pickles specs to its workers; ``MappingProxyType`` has no pickle support of its own.
copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DataView:
    """Rows and columns of one metric result, renamed to the roles a chart kind needs.

    Attributes:
        metric: Registered metric id.
        roles: role → metric column (``{"category": "province_code", "value": "share"}``).
        where: column → allowed values; rows outside are dropped (``{"level": ("national",)}``).
        labels: role → label source for its codes: ``province``, ``city``, ``cluster``,
            ``gbt_major``, ``gbt_middle``, ``gbt_minor``, ``field_domain``, or ``msgid`` (the
            value is a message id, translated with the catalog).
        sort: role to sort by (descending unless ``ascending``), or "" to keep metric order.
        ascending: Sort ascending.
        top: Keep only the first ``top`` rows after sorting (0 = all).
        scope: Scope text for ``Scope.parse`` ("" = the edition's scope).
        benchmark: Benchmark scope text ("" = the metric's default).
    """

    metric: str
    roles: Mapping[str, str]
    where: Mapping[str, tuple[object, ...]] = field(default_factory=_frozen)  # type: ignore[arg-type]
    labels: Mapping[str, str] = field(default_factory=_frozen)  # type: ignore[arg-type]
    sort: str = ""
    ascending: bool = False
    top: int = 0
    scope: str = ""
    benchmark: str = ""

    @property
    def result_key(self) -> str:
        """The key of this view's result in the ``results`` mapping the factory receives.

        The metric id when the view uses the edition's scope and the metric's benchmark, else
        ``metric|scope|benchmark`` (the same metric for another scope is another result).
        """
        if not self.scope and not self.benchmark:
            return self.metric
        return f"{self.metric}|{self.scope}|{self.benchmark}"


@dataclass(frozen=True)
class FigureSpec:
    """One chart of an edition.

    Attributes:
        figure_id: Stable ASCII exhibit id (``c15``, ``b19a``, ``card``).
        kind: Registered chart kind (``hbar``, ``radar``, ``tier_pyramid`` …).
        title: Message id of the caption title (translated by compose, not drawn in the image).
        views: Named data views; most kinds draw ``main``.
        options: Kind options (axis label msgids, value format, log scale, reference lines …).
        size: Width and height in inches at A4 text-column width.
    """

    figure_id: str
    kind: str
    title: str
    views: Mapping[str, DataView]
    options: Mapping[str, object] = field(default_factory=_frozen)
    size: tuple[float, float] = (6.3, 3.6)
