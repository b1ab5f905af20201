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


def test_the_fast_index_and_the_json_index_give_the_same_records(monkeypatch):
    from guangdong_terms.core import compiled

    forms = {form for record in compiled.records()
             for form in (record["zh"], *record["aliases"], record["zh_hk"], record["zh_tw"],
                          record["en"], *record["en_alternatives"])}
    forms |= {"no such term", "ＨａｒｍｏｎｙＯＳ", "“梦想”号", "鹏城云脑III"}
    fast = {form: compiled.lookup_record(form) for form in forms}
    assert compiled._read_fast_index() is not None  # the build wrote it for this Python
    monkeypatch.setattr(compiled, "_fast_index", None)
    monkeypatch.setattr(compiled, "_fast_index_read", True)  # as if it were another Python's
    assert {form: compiled.lookup_record(form) for form in forms} == fast
    assert sum(record is not None for record in fast.values()) == len(forms) - 1


def test_a_fast_index_of_another_python_is_not_used(tmp_path, monkeypatch):
    import marshal

    from guangdong_terms.core import compiled

    stale = tmp_path / "lookup.marshal"
    stale.write_bytes(marshal.dumps((compiled.INDEX_FORMAT, compiled.VERSION, (2, 7), {}, [])))
    monkeypatch.setattr(compiled, "FAST_INDEX_PATH", str(stale))
    monkeypatch.setattr(compiled, "_fast_index", None)
    monkeypatch.setattr(compiled, "_fast_index_read", False)
    assert compiled._read_fast_index() is None
    assert compiled.lookup_record("鸿蒙操作系统")["id"] == "harmonyos"


def test_terms_are_frozen_values():
    import copy
    import pickle

    term = guangdong_terms.lookup("鸿蒙操作系统")
    again = guangdong_terms.Glossary.load().get("harmonyos")
    assert term == again and hash(term) == hash(again) and term is not again
    assert pickle.loads(pickle.dumps(term)) == term and copy.copy(term) == term
    assert repr(term) == "Term(id='harmonyos', zh='鸿蒙操作系统', en='HarmonyOS')"
    assert repr(term.contexts[0]).startswith("Context(zh='原生鸿蒙终端规模")
    try:
        term.en = "Harmony OS"  # type: ignore[misc]
    except AttributeError as error:
        assert "frozen" in str(error)
    else:
        raise AssertionError("a Term could be changed")
    assert {term: 1}[again] == 1
