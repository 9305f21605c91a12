"""Experiment (issues 10 and 11): the question set retyped with realistic typing errors.

Blind batches score typo questions far below dev (batches 8 and 9: typo answer@1 0.533 on 15
questions; dev typo 0.88), and 15 questions cannot say why. This writes every in-scope question
of one split that is not already a typo question, retyped by a seeded noise model, with its
evidence unchanged, so that ``qa bench`` measures the cost of typing errors on hundreds of
questions with the clean question as the paired reference:

    HF_HUB_OFFLINE=1 python docs/experiments/typo_noise.py dev bench-out/noised_dev.jsonl
    HF_HUB_OFFLINE=1 python -m qa bench --questions bench-out/noised_dev.jsonl --split all \\
        --retrievers hybrid --no-build --out bench-out/noised_dev

The noise model, per question (seed from the question id, so every run writes the same file):
all lower case (half of the questions), no final question mark (half), German and Hungarian
accents removed (60%: ``ß`` -> ``ss``, or German ``ä`` -> ``ae`` in a third of those), and one or
two words of five letters or more, never CIO/CTO nor a number, with one error each: two
neighbouring letters swapped, a letter dropped, a letter doubled, or a letter replaced by a
neighbour on a QWERTY/QWERTZ keyboard. The question keeps its group, so the bench's per-group
figures say which kind of question suffers most.

Measured (eighteenth session; README "Typing errors"; ``qa/words.py`` is the change, refitted):

| questions | answer@1 | answer@3 | R@5 |
|---|---|---|---|
| dev as written, 261 of them | 0.874 | 0.950 | 0.986 |
| dev retyped, before / after | 0.713 / 0.785 | 0.835 / 0.904 | 0.912 / 0.962 |
| test retyped, 254, before / after (reported only) | 0.669 / 0.752 | 0.807 / 0.862 | 0.917 / 0.965 |
"""
from __future__ import annotations

import hashlib
import random
import re
import sys

from _harness import retyped_split_main, strip_accents

_ROWS = ("qwertzuiop", "asdfghjkl", "yxcvbnm")  # QWERTZ; QWERTY differs only in y/z
_NEIGHBOURS: dict[str, str] = {}
for r, row in enumerate(_ROWS):
    for i, ch in enumerate(row):
        near = row[max(0, i - 1):i] + row[i + 1:i + 2]
        for other in (_ROWS[r - 1] if r else "", _ROWS[r + 1] if r + 1 < len(_ROWS) else ""):
            near += other[max(0, i - 1):i + 1]
        _NEIGHBOURS[ch] = near
_KEEP = {"cio", "cto", "cios", "ctos", "ceo", "cfo"}
_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _misspell(word: str, rng: random.Random) -> str:
    """``word`` with one typing error inside it (never its first letter)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "near"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    near = _NEIGHBOURS.get(word[i].lower())
    return word[:i] + rng.choice(near) + word[i + 1:] if near else word[:i] + word[i + 1:]


def retype(question: str, lang: str, seed: str) -> str:
    """``question`` retyped with errors by the noise model of this module's docstring."""
    rng = random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))
    text = question
    if lang in ("de", "hu") and rng.random() < 0.6:
        text = text.translate(_DIGRAPHS) if lang == "de" and rng.random() < 1 / 3 else strip_accents(text)
    words = [m for m in re.finditer(r"[^\W\d_]{5,}", text) if m.group(0).lower() not in _KEEP]
    for m in sorted(rng.sample(words, min(len(words), rng.choice((1, 2)))), key=lambda m: -m.start()):
        text = text[:m.start()] + _misspell(m.group(0), rng) + text[m.end():]
    if rng.random() < 0.5:
        text = re.sub(r"[^\W\d_]+", lambda w: w.group(0) if w.group(0).lower() in _KEEP else w.group(0).lower(), text)
    if rng.random() < 0.5:
        text = text.rstrip().rstrip("?").rstrip()
    return text


if __name__ == "__main__":
    sys.exit(retyped_split_main("typo_noise.py", "in-scope questions of the {part} split, retyped with errors",
                                lambda q: retype(q.question, q.lang, q.id) if q.in_scope and q.group != "typo" else None))
