"""Chinese-text helpers, the bottom layer: lookup keys, pinyin and script conversion, sentence
segmentation, figures in running text.

Nothing here knows about terms or files. ``chinese`` is the one module of the package that
imports pypinyin and OpenCC (import-linter holds that rule); the others use the standard library
only, so the build hook and the exact-lookup path can import them.
"""
