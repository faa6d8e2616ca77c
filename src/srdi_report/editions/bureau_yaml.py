"""Safe reading of a bureau file into a YAML node tree that keeps line and column.

PyYAML's event stream and composer (``SafeLoader``) give every node its position; nothing is
constructed, so no tag can run code. On top of the safe loader this module refuses what a data
file has no use for and YAML would otherwise accept quietly: explicit tags (``!!python/…``
and any other), anchors and aliases, duplicate keys (YAML keeps the last one silently), more
than one document, and files over 256 KB.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from srdi_report.editions.bureau_problem import BureauProblem, at
from srdi_report.editions.bureau_vocab import MAX_FILE_BYTES

__all__ = ["read_tree", "scalar_text"]

# A bureau file nests six levels (growth_files > card > highlights > facet > bullets > text);
# anything far deeper is not a bureau file, and deep nesting would exhaust the stack.
MAX_DEPTH = 20
# libyaml's safe loader when PyYAML has it: the same nodes and marks, linear time on nested
# flow collections (the pure-Python scanner is quadratic there: 10 KB of brackets take a
# minute) and its own nesting limit. The pure-Python loader is the fallback.
LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_tree(path: Path, label: str) -> tuple[yaml.Node | None, list[BureauProblem]]:
    """Read ``path`` into a node tree, collecting every problem of the file's form.

    Args:
        path: The YAML file.
        label: The file as printed in messages.

    Returns:
        The root node (None when the file cannot be read or parsed) and the problems; a tree
        is returned with problems too (tags, duplicates), so the content can still be checked.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [at(label, None, "", None, "B01", f"cannot read the file: {err.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        reason = f"the file has {len(raw):,} bytes; at most {MAX_FILE_BYTES:,} are allowed"
        return None, [at(label, None, "", None, "B01", reason)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [at(label, None, "", None, "B01", f"not UTF-8 text: {err.reason}")]
    problems: list[BureauProblem] = []
    if LOADER is yaml.SafeLoader and _naive_depth(text) > MAX_DEPTH:
        problems.append(at(label, None, "", None, "B02", "lists or mappings nest too deep"))
        return None, problems
    try:
        _check_events(text, label, problems)
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        reason = f"not valid YAML: {err.problem or err.context}"
        problems.append(at(label, mark, "", None, "B02", reason))
        return None, problems
    except yaml.YAMLError as err:
        problems.append(at(label, None, "", None, "B02", f"not valid YAML: {err}"))
        return None, problems
    except RecursionError:
        # A few kilobytes of brackets nest deeper than any parser's stack; no bureau file does.
        problems.append(at(label, None, "", None, "B02", "lists or mappings nest too deep"))
        return None, problems
    if root is None:
        problems.append(at(label, None, "", None, "B02", "the file is empty"))
        return None, problems
    if _depth(root) > MAX_DEPTH:
        problems.append(at(label, None, "", None, "B02", "lists or mappings nest too deep"))
        return None, problems
    paths: dict[tuple[int, int], str] = {}
    _check_duplicates(root, label, "", problems, paths)
    # The event pass knows where a tag or an anchor is, the tree which key holds it.
    problems = [
        replace(p, key=_path_at(paths, p)) if p.rule in ("B03", "B05") and not p.key else p
        for p in problems
    ]
    return root, problems


def _path_at(paths: dict[tuple[int, int], str], problem: BureauProblem) -> str:
    loc = problem.location
    if loc.row is None or not loc.column:
        return ""
    return paths.get((loc.row, int(loc.column)), "")


def _naive_depth(text: str) -> int:
    """The deepest run of open brackets, ignoring quoting (a cheap guard for the slow loader)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def _depth(root: yaml.Node) -> int:
    """How deep the tree nests (iterative: the tree may be deeper than the stack)."""
    deepest = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(node, yaml.MappingNode):
            stack += [(child, depth + 1) for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
    return deepest


def _check_events(text: str, label: str, problems: list[BureauProblem]) -> None:
    """Explicit tags, anchors and aliases, from the event stream (it knows what was written)."""
    for event in yaml.parse(text, Loader=LOADER):
        tag = getattr(event, "tag", None)
        if tag is not None and isinstance(
            event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent
        ):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(
                at(
                    label,
                    event.start_mark,
                    "",
                    shown,
                    "B03",
                    "explicit tags are not allowed in a bureau file",
                    fix="remove the tag; write plain values",
                )
            )
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                at(label, event.start_mark, "", event.anchor, "B05", "aliases are not allowed")
            )
        elif (anchor := getattr(event, "anchor", None)) is not None:
            problems.append(
                at(label, event.start_mark, "", anchor, "B05", "anchors are not allowed")
            )


def _check_duplicates(
    node: yaml.Node,
    label: str,
    path: str,
    out: list[BureauProblem],
    paths: dict[tuple[int, int], str],
) -> None:
    """Report duplicate keys; record each node's key path by its 1-based line and column."""
    paths.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), path)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = scalar_text(key_node)
            child = f"{path}.{key}" if path else str(key)
            if key is not None and key in seen:
                out.append(
                    at(
                        label,
                        key_node.start_mark,
                        child,
                        key,
                        "B04",
                        f"duplicate key (first on line {seen[key]})",
                    )
                )
            elif key is not None:
                seen[key] = key_node.start_mark.line + 1
            _check_duplicates(value_node, label, child, out, paths)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value, start=1):
            _check_duplicates(item, label, f"{path}[{index}]", out, paths)


def scalar_text(node: yaml.Node) -> str | None:
    """The text of a scalar node as written (None for a mapping or a list)."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None
