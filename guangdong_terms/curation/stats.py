"""Counts that tell curators how complete the glossary is (``gdterms stats``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..core.compiled import CATEGORIES, STATUSES, Record

__all__ = ["NAMED_CATEGORIES", "count", "render"]

#: Categories whose entries name something that has (or may have) an official English name;
#: the harvest issue asks that most of these be verified against a source, and the concepts
#: issue counts platforms among them.
NAMED_CATEGORIES = ("institution", "facility", "programme", "zone", "organisation", "platform")


def count(records: Iterable[Record]) -> dict[str, Any]:
    """Entries by category and status, contexts, aliases and overrides, as plain data."""
    rows = list(records)
    by_category = {category: dict.fromkeys(STATUSES, 0) for category in CATEGORIES}
    overrides = {"pinyin": 0, "zh_hk": 0, "zh_tw": 0, "aliases_hk": 0, "aliases_tw": 0}
    for row in rows:
        by_category[row["category"]][row["status"]] += 1
        for key in row["overrides"]:
            field = key.partition(".")[0]  # "aliases_tw.ALIAS" counts under aliases_tw
            overrides[field] = overrides.get(field, 0) + 1
    named = [row for row in rows if row["category"] in NAMED_CATEGORIES]
    verified_named = sum(row["status"] == "verified" for row in named)
    return {
        "entries": len(rows),
        "by_category": by_category,
        "by_status": {s: sum(row["status"] == s for row in rows) for s in STATUSES},
        "contexts": sum(len(row["contexts"]) for row in rows),
        "aliases": sum(len(row["aliases"]) for row in rows),
        "overrides": overrides,
        "named_verified": {"verified": verified_named, "of": len(named),
                           "share": round(verified_named / len(named), 4) if named else 0.0},
    }


def render(counts: dict[str, Any]) -> str:
    """The counts as an aligned text table."""
    lines = [f"{'category':<14}{'entries':>8}{'verified':>10}{'unverified':>12}"]
    for category, statuses in counts["by_category"].items():
        total = sum(statuses.values())
        lines.append(f"{category:<14}{total:>8}{statuses['verified']:>10}"
                     f"{statuses['unverified']:>12}")
    status = counts["by_status"]
    lines.append(f"{'all':<14}{counts['entries']:>8}{status['verified']:>10}"
                 f"{status['unverified']:>12}")
    named = counts["named_verified"]
    overrides = counts["overrides"]
    lines += [
        "",
        f"context sentences: {counts['contexts']}; aliases: {counts['aliases']}",
        (f"overrides: pinyin {overrides['pinyin']}, zh_hk {overrides['zh_hk']}, "
         f"zh_tw {overrides['zh_tw']}; alias forms: aliases_hk {overrides['aliases_hk']}, "
         f"aliases_tw {overrides['aliases_tw']}"),
        (f"named entries verified ({', '.join(NAMED_CATEGORIES)}): {named['verified']} of "
         f"{named['of']} ({named['share']:.1%})"),
    ]
    return "\n".join(lines)
