"""Freeze the prose of chapters 1-7 that chapter 9 trains and tests its character models on.

    python scripts/snapshot_prose.py [book_dir]

writes ``lib/data/book_prose.json``: ``{"date": "YYYY-MM-DD" (UTC), "chapters": {name: prose}}``,
the raw prose of :func:`lib.language.book_prose`.  Chapter 9 (``lib.book_corpus()``) reads this file, so
editing a chapter does not change its numbers until the snapshot is taken again on purpose.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.language import BOOK_HELD_OUT, BOOK_PROSE_SNAPSHOT, BOOK_TRAIN, book_prose  # noqa: E402


def main(book_dir: Path) -> None:
    chapters = book_prose(list(BOOK_TRAIN) + [BOOK_HELD_OUT], book_dir=book_dir)
    date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    BOOK_PROSE_SNAPSHOT.parent.mkdir(exist_ok=True)
    text = json.dumps({"date": date, "chapters": chapters}, ensure_ascii=False, indent=1)
    BOOK_PROSE_SNAPSHOT.write_text(text + "\n", encoding="utf-8")
    print(f"{BOOK_PROSE_SNAPSHOT.relative_to(ROOT)}: {len(chapters)} chapters, {date}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "book")
