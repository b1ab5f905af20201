"""CSV and TSV: two columns, source then target (reading, for ``gdterms check``).

A first row whose first cell holds no Chinese character is taken as a header and skipped
(a bilingual zh→en file has Chinese in every source cell).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from . import FormatError, Segment

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")


def read_tabular_segments(path: str, delimiter: str = ",") -> Iterator[Segment]:
    """Stream rows as segments; the id is the row's line number."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            first = True
            for row in reader:
                line = reader.line_num
                if first and row and not _HAN.search(row[0]):
                    first = False
                    continue
                first = False
                if not row or not any(cell.strip() for cell in row):
                    continue
                if len(row) < 2:
                    raise FormatError(f"{path}:{line}: expected two columns (source, target), "
                                      f"found {len(row)}")
                yield Segment(str(line), line, row[0], row[1])
    except UnicodeDecodeError as error:
        raise FormatError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except csv.Error as error:
        raise FormatError(f"{path}: {error}") from None
