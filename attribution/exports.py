"""A search's quotes as a file: CSV (for spreadsheets) or JSON Lines (for programs), streamed.

Both formats take the same path: the rows of ``Quote.objects.for_export(filters)``, read through a server-side
cursor a chunk at a time, written by Python, sent in pieces of about 64 kB. Memory stays flat whatever the
size of the export, and the first bytes leave after the first chunk of rows.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from .models import Quote
from .querysets import EXPORT_FIELDS
from .search import SearchFilters

EXPORT_COLUMNS = list(EXPORT_FIELDS)
FORMATS = ("csv", "jsonl")
# rows fetched from PostgreSQL at a time, and the size of the pieces sent
EXPORT_CHUNK = 2000
PIECE = 65536


def export_chunks(filters: SearchFilters, fmt: str, *, bom: bool = False) -> Iterator[bytes]:
    """The export of ``filters`` in ``fmt`` ("csv" or "jsonl"), as pieces of bytes. ``bom``: a CSV starting
    with a byte-order mark, as Excel wants to read UTF-8."""
    csv_file = fmt == "csv"
    # in the CSV, a cell a spreadsheet would run as a formula gets a leading quote (see for_export)
    rows = Quote.objects.for_export(filters, spreadsheet=csv_file).iterator(chunk_size=EXPORT_CHUNK)
    return _pieces(_csv_text(rows, bom=bom) if csv_file else _jsonl_text(rows))


def _csv_text(rows: Iterable[tuple], *, bom: bool) -> Iterator[str]:
    out = io.StringIO()
    # Excel's dialect: lines end in CRLF (RFC 4180), and a cell holding a line break of either kind is quoted
    writer = csv.writer(out)
    out.write("\ufeff" if bom else "")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(row)
        if out.tell() >= PIECE:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _jsonl_text(rows: Iterable[tuple]) -> Iterator[str]:
    date = EXPORT_COLUMNS.index("published_on")
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for row in rows:
        record = dict(zip(EXPORT_COLUMNS, row, strict=True))
        record["published_on"] = row[date] and str(row[date])
        yield dumps(record) + "\n"


def _pieces(texts: Iterator[str]) -> Iterator[bytes]:
    """The texts joined into pieces of about PIECE characters, encoded: a response of a few large writes."""
    held: list[str] = []
    size = 0
    for text in texts:
        held.append(text)
        size += len(text)
        if size >= PIECE:
            yield "".join(held).encode()
            held.clear()
            size = 0
    if held:
        yield "".join(held).encode()
