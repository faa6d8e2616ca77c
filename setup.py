"""Packaging hook: ship the root ``templates/`` tree inside the package.

Everything else is declared in ``pyproject.toml``. The templates live at the repository root
(one tree that template authors and ``--templates`` users edit), but an installed package must
find them without the checkout: ``build_py`` copies ``templates/**/*.j2`` to
``srdi_report/templates/`` in the build, where ``compose.templates.default_template_dirs``
looks first. No symlink, no deprecated ``data-files``; an editable install keeps reading the
root tree directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup  # type: ignore[import-untyped]
from setuptools.command.build_py import build_py  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent
TEMPLATES = ROOT / "templates"


class BuildWithTemplates(build_py):  # type: ignore[misc]
    """``build_py`` that also copies the template tree into the built package."""

    def run(self) -> None:
        """Build the package as usual, then copy the templates (not for editable installs)."""
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "srdi_report" / "templates"
        shutil.rmtree(target, ignore_errors=True)
        for source in sorted(TEMPLATES.rglob("*.j2")):
            out = target / source.relative_to(TEMPLATES)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out)


setup(cmdclass={"build_py": BuildWithTemplates})
