"""Argument types that more than one parser uses (``parser.py`` and the ``tm`` verb in
``memory.py``), so that each bound and its message are written once.

Imported only when a parser is built: the ``gdterms lookup`` fast path never loads argparse.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["positive_int", "score_between"]


def positive_int(text: str) -> int:
    """A count of 1 or more (``--limit``)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def score_between(low: int, high: int) -> Callable[[str], int]:
    """A match score within [low, high]: pre-translation fills from 1 to 100, a search may ask
    for any score a match can have, 0 to 101."""

    def score(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a score from {low} to {high}")
        return value

    return score
