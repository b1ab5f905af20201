"""MkDocs hooks (mkdocs.yml ``hooks:``): the pages generated from the package itself.

- ``reference/cli.md``: the CLI reference, rendered from the one argument parser
  (guangdong_terms.cli.reference.cli_markdown).
- ``reference/api.md``: the API reference, one mkdocstrings block per public name of the
  ``guangdong_terms`` facade, so a name added there is documented without editing the guide.
- no script from a CDN: ``on_config`` removes the one Material's offline plugin adds.
- ``glossary/``: the glossary site of ``gdterms site`` (operations.site.write_site), written
  into a temporary folder and handed to MkDocs as static files, so the guide's links to it are
  checked by ``mkdocs build --strict`` like any other.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from griffe import Extension, Object
from mkdocs.structure.files import File, Files

import guangdong_terms
from guangdong_terms.cli.reference import cli_markdown
from guangdong_terms.operations.site import write_site

_TEMPORARY: list[Path] = []

API_INTRO = """# Python API reference

Generated from the docstrings of the public names of `guangdong_terms` (its `__all__`), each
imported from the package root: `from guangdong_terms import lookup`. The [tour](../tour.md)
shows them at work.
"""


def api_markdown() -> str:
    """One mkdocstrings block per public name, documented where it is defined."""
    homes: dict[str, str] = guangdong_terms._HOMES
    blocks = [API_INTRO]
    for name in guangdong_terms.__all__:
        if name in homes:
            blocks.append(f"::: guangdong_terms{homes[name]}.{name}\n")
    return "\n".join(blocks)


class DoctestFences(Extension):
    """A griffe extension (mkdocs.yml: mkdocstrings ``extensions``): the doctest examples of
    our docstrings, which are plain reST-style ``>>>`` blocks, rendered as ``pycon`` code
    instead of Markdown paragraphs (where ``[...]`` output would read as links)."""

    def on_instance(self, *, obj: Object, **_: Any) -> None:  # noqa: ANN401 - griffe's hook
        """Fence the doctests of each object's docstring as griffe loads it."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (from ``>>>`` to the next blank line) in a fence."""
    out: list[str] = []
    fenced: str | None = None  # the indent of the open fence
    for line in text.splitlines():
        stripped = line.lstrip()
        if fenced is None and stripped.startswith(">>>"):
            fenced = line[: len(line) - len(stripped)]
            out.append(f"{fenced}```pycon")
        elif fenced is not None and not stripped:
            out.append(f"{fenced}```")
            fenced = None
        out.append(line)
    if fenced is not None:
        out.append(f"{fenced}```")
    return "\n".join(out)


def on_config(config: Any, **_: Any) -> Any:  # noqa: ANN401 - MkDocsConfig
    """Drop the iframe-worker shim that Material's offline plugin adds from unpkg.com.

    The shim only lets Material's own search worker run from file://; the guide does without
    that search (the glossary pages carry their own, offline), and loads nothing from a CDN.
    """
    polyfills = config.extra.get("polyfills", [])
    config.extra["polyfills"] = [url for url in polyfills if "unpkg.com/iframe-worker" not in url]
    remote = [url for url in config.extra["polyfills"] if "://" in url]
    if remote:
        raise ValueError(f"mkdocs.yml: remote scripts are not allowed in the guide: {remote}")
    return config


def on_files(files: Files, config: Any, **_: Any) -> Files:  # noqa: ANN401 - MkDocsConfig
    """Add the generated pages, and the glossary site as static files under glossary/."""
    files.append(File.generated(config, "reference/cli.md", content=cli_markdown()))
    files.append(File.generated(config, "reference/api.md", content=api_markdown()))
    folder = Path(tempfile.mkdtemp(prefix="gdterms-guide-"))
    _TEMPORARY.append(folder)
    write_site(str(folder / "glossary"))
    for path in sorted((folder / "glossary").rglob("*")):
        if path.is_file():
            files.append(File(path.relative_to(folder).as_posix(), str(folder),
                              config["site_dir"], config["use_directory_urls"]))
    return files


def on_post_build(config: Any, **_: Any) -> None:  # noqa: ANN401 - MkDocsConfig
    """Remove the temporary glossary folder once MkDocs has copied it into the site."""
    while _TEMPORARY:
        shutil.rmtree(_TEMPORARY.pop(), ignore_errors=True)
