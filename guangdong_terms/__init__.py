"""guangdong_terms: a curated Chinese-English glossary of Guangdong's S&T innovation vocabulary.

>>> from guangdong_terms import lookup
>>> lookup("鸿蒙操作系统").en
'HarmonyOS'

Public names are imported on first use (module ``__getattr__``), so ``import guangdong_terms``
costs almost nothing and the ``gdterms`` command can reach the compiled data without loading
dataclasses, pypinyin or OpenCC.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: importing typing costs ~6 ms on the lookup path;
# type checkers treat any constant named TYPE_CHECKING the same way.
TYPE_CHECKING = False

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "Context",
    "Glossary",
    "GlossaryError",
    "Match",
    "Problem",
    "Term",
    "TermHit",
    "TermIssue",
    "__version__",
    "check_translation",
    "export",
    "find_terms",
    "import_file",
    "lookup",
    "search",
    "validate",
]

if TYPE_CHECKING:
    from typing import Any

    from ._api import check_translation, find_terms, lookup, search
    from ._records import CATEGORIES
    from .checks import validate
    from .exporting import export
    from .glossary import Glossary
    from .importing import import_file
    from .model import Context, GlossaryError, Match, Problem, Term, TermHit, TermIssue

_HOMES = {
    "lookup": "._api",
    "find_terms": "._api",
    "check_translation": "._api",
    "TermHit": ".model",
    "TermIssue": ".model",
    "search": "._api",
    "CATEGORIES": "._records",
    "Glossary": ".glossary",
    "Context": ".model",
    "GlossaryError": ".model",
    "Match": ".model",
    "Problem": ".model",
    "Term": ".model",
    "validate": ".checks",
    "export": ".exporting",
    "import_file": ".importing",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - returns whichever public object is named
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'guangdong_terms' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
