"""Registry[T]: name → item for one kind of thing, filled by decorators at import time."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from srdi_report.errors import UnknownNameError

T = TypeVar("T")


@dataclass
class Registry(Generic[T]):
    """Name → item; ``register(name)`` is a decorator that refuses a duplicate name."""

    kind: str  # "metric", "chart kind", "renderer"
    _items: dict[str, T] = field(default_factory=dict)

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: add the decorated item under ``name``."""

        def add(item: T) -> T:
            if name in self._items:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            self._items[name] = item
            return item

        return add

    def get(self, name: str) -> T:
        """Return the item called ``name``.

        Raises:
            UnknownNameError: the name is unknown; the message lists the known names.
        """
        if name not in self._items:
            near = difflib.get_close_matches(name, self._items, n=1)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            known = ", ".join(sorted(self._items))
            raise UnknownNameError(f"unknown {self.kind} {name!r}.{hint} Known: {known}")
        return self._items[name]

    def names(self) -> tuple[str, ...]:
        """Registered names, sorted."""
        return tuple(sorted(self._items))

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._items)
