import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from attribution import extraction


class Command(BaseCommand):
    help = (
        "Print the quotes found in each FILE (or '-' for standard input) as one JSON object per line, "
        "without touching the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--batch-size", type=int, default=8)

    def handle(self, *args, files: list[str], batch_size: int, **options) -> None:
        texts = [self._read(name) for name in files]
        nlp = extraction.load_pipeline(settings.SPACY_MODEL)
        for name, quotes in zip(
            files, extraction.extract_many(texts, nlp, batch_size=batch_size), strict=True
        ):
            record = {"source": name, "quotes": [quote.to_dict() for quote in quotes]}
            self.stdout.write(json.dumps(record, ensure_ascii=False))

    def _read(self, name: str) -> str:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            raise CommandError(f"{name}: {exc.strerror}") from None
        try:
            # Offsets are into the text exactly as read: no newline translation.
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{name}: not UTF-8 (byte {exc.start})") from None
