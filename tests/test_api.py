"""The public API: every name in __all__ is what it says, even after every submodule loaded."""

from __future__ import annotations

import importlib
import pkgutil
import types

import guangdong_terms


def test_public_names_are_not_shadowed_by_submodules():
    # Importing a submodule sets an attribute on the package; a submodule named like a public
    # function (search.py vs search()) would replace the function. Load them all, then check.
    for module in pkgutil.walk_packages(guangdong_terms.__path__, "guangdong_terms."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    for name in guangdong_terms.__all__:
        value = getattr(guangdong_terms, name)
        assert not isinstance(value, types.ModuleType), name
    assert callable(guangdong_terms.search) and callable(guangdong_terms.validate)


def test_dir_lists_the_public_names():
    assert set(guangdong_terms.__all__) <= set(dir(guangdong_terms))
