"""The public ``Glossary``: the core's store, plus loading a ``glossary/`` source folder.

A curator wants their edits without a rebuild (``gdterms annotate --glossary glossary/``,
``Glossary.load("glossary")``), which means compiling TOML, a curation job. The core's
``Glossary`` reads compiled data only, so that the runtime never imports the curation layer;
this subclass adds the folder case and is what ``guangdong_terms.Glossary`` names. Everything
else (lookup, search, recognition, QA) is the core's.
"""

from __future__ import annotations

import os

from ..core import glossary as core
from ..core.compiled import DATA_DIR
from ..core.model import GlossaryError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Self

__all__ = ["Glossary"]


class Glossary(core.Glossary):
    """An ordered, read-only collection of terms (sorted by id)."""


    @classmethod
    def load(cls, path: str | None = None, *, seeds_dir: str | None = None) -> Self:
        """Load the shipped glossary (``path=None``), a compiled ``.json`` file, or a source
        folder of ``*.toml`` files (compiled in memory against *seeds_dir*, by default the
        ``seeds`` folder beside it).

        An import into the folder that was interrupted (by a kill, say) is first finished or
        undone (``curation/journal.py``), so that what is loaded is all old or all new.

        Raises GlossaryError, with the located problems, if the data cannot be used.
        """
        if path is None or not os.path.isdir(path):
            return super().load(path)
        from .build import compile_glossary
        from .journal import recover

        try:
            recover(path)
        except OSError as error:  # a read-only checkout, say: the data cannot be used as is
            raise GlossaryError(f"{path}: an interrupted import is pending and cannot be "
                                f"recovered: {error.strerror} ({error.filename})") from None
        return cls(compile_glossary(path, seeds_dir or _default_seeds(path))["terms"])


def _default_seeds(glossary_dir: str) -> str:
    """The ``seeds`` folder beside a source glossary, else the copy installed with the package."""
    beside = os.path.join(os.path.dirname(os.path.abspath(glossary_dir)), "seeds")
    if os.path.isdir(beside):
        return beside
    return os.path.join(DATA_DIR, "seeds")
