"""``python -m guangdong_terms``: the same as the ``gdterms`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
