"""Terminology QA of a whole bilingual file (``gdterms check``): the file's reader from the
format registry, the core's check on every segment, one report row per issue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.bilingual import Segment
from ..core.glossary import Glossary
from ..core.model import TermIssue
from ..formats import read_segments

__all__ = ["check_file", "describe"]


def check_file(path: str, glossary: Glossary, fmt: str | None = None
               ) -> Iterator[tuple[Segment, list[TermIssue]]]:
    """Each segment of *path* with its terminology issues, streamed as the file is read.

    *fmt* names the format where the extension does not say. FormatError for a file that
    cannot be read as its format, OSError for one that cannot be read at all.
    """
    for segment in read_segments(path, fmt):
        yield segment, glossary.check_translation(segment.source, segment.target)


def describe(path: str, segment: Segment, issue: TermIssue) -> dict[str, Any]:
    """One report row: where, which term, what was expected, what was found."""
    expected = " or ".join(f'"{form}"' for form in issue.expected)
    found = f'avoided form "{issue.found}"' if issue.kind == "avoid" else "none of them"
    message = (f"{path}:{segment.line}: segment {segment.id}: {issue.source_form} "
               f"({issue.term.id}): expected {expected}; found {found}")
    return {"path": path, "line": segment.line, "segment": segment.id, "kind": issue.kind,
            "term": issue.term.id, "source_form": issue.source_form,
            "expected": list(issue.expected), "found": issue.found, "message": message}
