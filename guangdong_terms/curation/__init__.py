"""Keeping the data: the TOML source reader and writer, ``validate`` and its checks, the seeds,
the TM source, the build that compiles them into the package, and counts for curators.

Curation reads and writes ``glossary/``, ``tm/`` and ``seeds/``; the core only ever sees what
``build`` compiles from them.
"""
