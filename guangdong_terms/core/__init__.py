"""The runtime core a translation script uses: the typed model, the compiled data, lookup,
search, term recognition and terminology QA.

It reads only compiled data (``guangdong_terms/data/``, or a compiled JSON file); compiling the
TOML sources is curation's work. It imports nothing from a layer above it, and never lxml,
polib, babel, sqlite3 or psycopg (import-linter contracts in pyproject.toml).
"""
