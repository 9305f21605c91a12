"""Reading JSON-lines files of records, with errors that name the file and line."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def read_records(path: str | Path, parse: Callable[[dict], T], what: str, need: str) -> list[T]:
    """``parse`` every non-blank line of a JSON-lines file, in order.

    Raises:
        ValueError: ``<path>:<line>: not a <what> record (...); need <need>`` for a line
            that is not JSON or that ``parse`` rejects.
    """
    path = Path(path)
    out = []
    with open(path, encoding="utf-8") as fh:
        lines = enumerate(fh, start=1)
        while True:
            try:
                n, line = next(lines)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:  # a binary or non-UTF-8 file: name it, not only the codec
                raise ValueError(f"{path}: is not UTF-8 text; need JSON lines of "
                                 f"{need}") from None
            if not line.strip():
                continue
            try:
                out.append(parse(json.loads(line)))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSONDecodeError is a ValueError
                raise ValueError(f"{path}:{n}: not a {what} record ({exc}); need {need}") from exc
    return out
