"""Language detection and per-language text analysis (tokenise, stop words, stem).

Only the corpus languages are considered: English, German and Hungarian. Names and
numbers (tokens with a digit or written in capitals, like ``CIO`` or ``2021``) are kept
intact; every other word is lower-cased and stemmed with the Snowball stemmer of the
text's language.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from qa.languages import LANGUAGES as _RECORDS

LANGUAGES = tuple(_RECORDS)
_STEMMER_NAMES = {code: rec.stemmer for code, rec in _RECORDS.items()}
# Short, common function words; the detector alone is unreliable on two-word questions.
STOPWORDS: dict[str, frozenset[str]] = {code: rec.stopwords for code, rec in _RECORDS.items()}

_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():
    import py3langid
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str, default: str = "en") -> str:
    """Return ``en``, ``de`` or ``hu`` for ``text``; ``default`` when nothing tells.

    Args:
        text: any text; HTML, emoji and punctuation are tolerated.
        default: what to return for text with no letters or no clear signal.
    """
    words = _TOKEN_RE.findall(text)
    if not words:
        return default
    chars = set(text)
    for code, rec in _RECORDS.items():  # letters only one of our languages uses
        if chars & rec.special_chars:
            return code
    lowered = [w.lower() for w in words]
    # Function words decide short questions better than character n-grams.
    votes = {lang: sum(w in STOPWORDS[lang] for w in lowered) for lang in LANGUAGES}
    with _lock:
        ranked = _identifier().rank(text)
    probs = dict(ranked)
    best = max(LANGUAGES, key=lambda lang: (votes[lang] + 2.0 * probs.get(lang, 0.0)))
    if votes[best] == 0 and probs.get(best, 0.0) < 0.6:
        return default
    return best


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    import Stemmer

    if lang not in _STEMMER_NAMES:
        raise ValueError(f"unknown language {lang!r}; valid choices: {', '.join(LANGUAGES)}")
    return Stemmer.Stemmer(_STEMMER_NAMES[lang])


_ACRONYM_RE = re.compile(r"^[A-ZÄÖÜÁÉÍÓÖŐÚÜŰ]{2,}s?$")


def _name_or_number(token: str) -> str | None:
    """The kept form of a name or number (``CIOs`` -> ``cio``), or None for a word."""
    if any(c.isdigit() for c in token):
        return token.lower()
    if _ACRONYM_RE.match(token):
        return (token[:-1] if token.endswith("s") else token).lower()
    return None


def analyze(text: str, lang: str) -> list[str]:
    """Tokenise ``text`` for BM25: drop stop words, stem the rest, keep names and numbers.

    Args:
        text: the text to analyse.
        lang: one of ``LANGUAGES``.

    Returns:
        Terms in order of appearance (duplicates kept, as BM25 counts them).
    """
    if lang not in _STEMMER_NAMES:
        raise ValueError(f"unknown language {lang!r}; valid choices: {', '.join(LANGUAGES)}")
    text = unicodedata.normalize("NFKC", text)
    stop = STOPWORDS[lang]
    stemmer = _stemmer(lang)
    terms: list[str] = []
    for token in _TOKEN_RE.findall(text):
        name = _name_or_number(token)
        if name is not None:
            terms.append(name)
            continue
        low = token.lower()
        if low in stop or len(low) < 2:
            continue
        terms.append(stemmer.stemWord(low))
    return terms
