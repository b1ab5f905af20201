"""The package version, in the one place every layer may read it from (hatch reads it here)."""

__version__ = "0.1.0"
