"""The translation memory: a store of source/target units that a query is matched against.

A layer beside ``curation`` (below ``operations``, above ``formats``): it reads users' files
through the format registry and never touches the glossary's sources. ``store.py`` holds the
public ``TranslationMemory``; ``backend.py`` the contract a storage backend fulfils (SQLite in
``sqlite.py``; PostgreSQL, issue 16); ``keys.py`` and ``scoring.py`` what every backend
shares, so that all of them give the same matches with the same scores.
"""
