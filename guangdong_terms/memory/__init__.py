"""The translation memory: stores of source/target units and fuzzy search over them.

Above formats, core and text, below operations; independent of curation
(docs/architecture.md). ``postgres`` is the team store on a PostgreSQL server (issue 16).
"""
