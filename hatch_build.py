"""Build hook: compile glossary/*.toml into the package, and copy the seeds beside it.

Runs inside pip's isolated build environment, which has hatchling and the standard library
only, so it imports guangdong_terms._source (stdlib only) from the source tree. A glossary with
structural or provenance problems stops the build: it is never packaged.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GlossaryBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = self.root
        sys.path.insert(0, root)
        try:
            from guangdong_terms._source import (
                compile_glossary,
                write_compiled,
                write_lookup_index,
            )
            from guangdong_terms.seeds import load_seeds
            from guangdong_terms.tm import compile_tm
        finally:
            sys.path.remove(root)
        data = os.path.join(root, "guangdong_terms", "data")
        seeds = os.path.join(root, "seeds")
        document = compile_glossary(os.path.join(root, "glossary"), seeds)
        write_compiled(document, os.path.join(data, "glossary.json"))
        write_lookup_index(os.path.join(data, "glossary.json"), os.path.join(data, "lookup.json"))
        tm = os.path.join(root, "tm")
        if os.path.isdir(tm):
            write_compiled(compile_tm(tm, load_seeds(seeds)), os.path.join(data, "tm.json"),
                           list_key="segments")
        copied = os.path.join(data, "seeds")
        os.makedirs(copied, exist_ok=True)
        for name in os.listdir(seeds):
            if name.endswith((".txt", ".toml")):
                shutil.copyfile(os.path.join(seeds, name), os.path.join(copied, name))
