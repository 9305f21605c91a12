"""Likes and dislikes from the chat, appended as JSON lines to a feedback file.

The file lives in ``$QA_FEEDBACK_DIR`` (default ``feedback/`` in the working directory),
never inside the index. ``qa bench --feedback FILE`` turns it into judged questions.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from qa import config

logger = logging.getLogger(__name__)

ENV_FEEDBACK_DIR = "QA_FEEDBACK_DIR"
DEFAULT_FEEDBACK_DIR = "feedback"
FILE_NAME = "feedback.jsonl"
VOTES = ("like", "dislike", "none")


@dataclass(frozen=True)
class Vote:
    """One vote on one answer. ``citations`` are the content-based citation ids it showed."""

    question: str
    vote: str
    answer: str
    citations: tuple[str, ...]
    index_id: str
    lang: str = ""
    abstained: bool = False
    answer_text: str = ""
    time: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def __post_init__(self) -> None:
        if self.vote not in VOTES:
            raise ValueError(f"vote {self.vote!r} is not one of {', '.join(VOTES)}")


class FeedbackLog:
    """Appends votes to ``<directory>/feedback.jsonl``, one line each, thread-safe."""

    def __init__(self, directory: str | Path, index_dir: str | Path | None = None) -> None:
        self.directory = Path(directory)
        if index_dir is not None:
            idx = Path(index_dir).resolve()
            here = self.directory.resolve()
            if here == idx or idx in here.parents:
                raise ValueError(f"{ENV_FEEDBACK_DIR}={directory} is inside the index {index_dir}; "
                                 "choose a directory outside it")
        self.path = self.directory / FILE_NAME
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> "FeedbackLog":
        return cls(config.env(ENV_FEEDBACK_DIR, DEFAULT_FEEDBACK_DIR),
                   config.env(config.ENV_INDEX, config.DEFAULT_INDEX))

    def append(self, vote: Vote) -> Path:
        """Write one line (created with its directory on first use); return the file."""
        line = json.dumps({**asdict(vote), "citations": list(vote.citations)}, ensure_ascii=False)
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        return self.path
