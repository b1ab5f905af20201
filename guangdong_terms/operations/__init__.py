"""What a user runs on whole files: export, terminology check, import (and, later, the memory
and pre-translation).

Operations combine the formats with the core (and, for import, the curation layer's source
reader and validator); the CLI is a thin layer of parsing and rendering over them.
"""
