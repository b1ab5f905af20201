"""guangdong_terms: a curated Chinese-English glossary of Guangdong's S&T innovation vocabulary.

>>> from guangdong_terms import lookup
>>> lookup("鸿蒙操作系统").en
'HarmonyOS'

Public names are imported on first use (module ``__getattr__``), so ``import guangdong_terms``
costs almost nothing and the ``gdterms`` command can reach the compiled data without loading
dataclasses, pypinyin or OpenCC. This facade stands above every layer (docs/architecture.md):
it is the only module that imports by name at run time, and nothing imports it back.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: importing typing costs ~6 ms on the lookup path;
# type checkers treat any constant named TYPE_CHECKING the same way.
TYPE_CHECKING = False

from .core.version import __version__

__all__ = [
    "CATEGORIES",
    "Context",
    "Glossary",
    "GlossaryError",
    "Match",
    "MemoryMatch",
    "Problem",
    "Term",
    "TermHit",
    "TermIssue",
    "TranslationMemory",
    "__version__",
    "candidate_terms",
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

    from .core.api import check_translation, find_terms, lookup, search
    from .core.compiled import CATEGORIES
    from .core.model import Context, GlossaryError, Match, Problem, Term, TermIssue
    from .core.recognize import TermHit
    from .curation.candidates import candidate_terms
    from .curation.validation import validate
    from .curation.workspace import Glossary
    from .memory.model import MemoryMatch
    from .memory.store import TranslationMemory
    from .operations.exporting import export
    from .operations.importing import import_file

_HOMES = {
    "lookup": ".core.api",
    "find_terms": ".core.api",
    "check_translation": ".core.api",
    "search": ".core.api",
    "CATEGORIES": ".core.compiled",
    "Context": ".core.model",
    "GlossaryError": ".core.model",
    "Match": ".core.model",
    "Problem": ".core.model",
    "Term": ".core.model",
    "TermIssue": ".core.model",
    "TermHit": ".core.recognize",
    "Glossary": ".curation.workspace",
    "validate": ".curation.validation",
    "candidate_terms": ".curation.candidates",
    "export": ".operations.exporting",
    "import_file": ".operations.importing",
    "MemoryMatch": ".memory.model",
    "TranslationMemory": ".memory.store",
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
