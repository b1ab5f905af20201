"""Build hook: compile glossary/*.toml and tm/*.toml into the package, and copy the seeds.

Runs inside pip's isolated build environment, which has hatchling and the standard library
only, so it imports guangdong_terms.curation.build (standard library only) from the source tree.
A glossary with structural or provenance problems stops the build: it is never packaged.
"""

from __future__ import annotations

import sys
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GlossaryBuildHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        sys.path.insert(0, self.root)
        try:
            from guangdong_terms.curation.build import build_package_data
        finally:
            sys.path.remove(self.root)
        build_package_data(self.root)
