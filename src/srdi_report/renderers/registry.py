"""Output formats by name: ``@renderer("txt")`` registers a class whose instance renders a Document.

A renderer only walks the document model; it never computes, translates or reorders. Each format
module registers itself on import; :func:`load_renderers` imports every format module that exists,
so ``RENDERERS.get("pdf")`` works without the caller knowing the module (and a bad name lists the
known formats, through :class:`~srdi_report.registry.Registry`).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Protocol, TypeVar

from srdi_report.compose.model import Document
from srdi_report.registry import Registry

# Modules that register formats when imported, in the order they are loaded. A module missing
# from this checkout (a format still being written) is skipped, so the known list stays honest.
FORMAT_MODULES = ("text", "pdf", "docx", "xlsx")


class Renderer(Protocol):
    """Turns one document in one language into the bytes of one file."""

    def render(self, document: Document, locale: str) -> bytes:
        """Return the file's bytes; the same document gives the same bytes."""
        ...


R = TypeVar("R", bound=type)

RENDERERS: Registry[Renderer] = Registry("output format")


def renderer(fmt: str) -> Callable[[R], R]:
    """Class decorator: register an instance of the class (made without arguments) as ``fmt``."""

    def add(cls: R) -> R:
        RENDERERS.register(fmt)(cls())
        return cls

    return add


def load_renderers() -> Registry[Renderer]:
    """Import every format module present (each registers itself) and return the registry."""
    for module in FORMAT_MODULES:
        name = f"srdi_report.renderers.{module}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    return RENDERERS


def get_renderer(fmt: str) -> Renderer:
    """The renderer of ``fmt``.

    Raises:
        UnknownNameError: no such format; the message lists the known ones.
    """
    return load_renderers().get(fmt)
