"""Language detection and per-language text analysis (tokenise, stop words, stem).

Only the corpus languages are considered: English, German and Hungarian. Names and
numbers (tokens with a digit or written in capitals, like ``CIO`` or ``2021``) are kept
intact; every other word is lower-cased and stemmed with the Snowball stemmer of the
text's language.
"""
from __future__ import annotations

import copy
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


def fold(text: str) -> str:
    """Lower-cased, accents removed (``Fizetés`` -> ``fizetes``)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _open_identifier():
    """py3langid over all of its languages (and ``zxx``, "no linguistic content")."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _identifier():
    """py3langid restricted to our languages; shares the open model's arrays (one 0.7 s load, not two)."""
    ident = copy.copy(_open_identifier())
    ident.set_languages(list(LANGUAGES))  # rebinds the copy's attributes; the open model is untouched
    return ident


# English names of the languages people most often try; others are "another language".
_LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "el": "Greek", "es": "Spanish",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "no": "Norwegian",
    "nb": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian",
    "vi": "Vietnamese", "zh": "Chinese",
}
FOREIGN_MIN_PROB = 0.6  # open identifier's confidence before a Latin-script question counts as foreign
FOREIGN_SURE = 0.8  # ... and at which our function words in it no longer count against that


def _latin_share(text: str) -> float:
    """Share of the letters in Latin script, capitals A-Z left out (acronyms: ``CIO和CTO``)."""
    letters = [c for c in text if c.isalpha() and not ("A" <= c <= "Z")]
    if not letters:
        return 1.0
    return sum("LATIN" in unicodedata.name(c, "") for c in letters) / len(letters)


@lru_cache(maxsize=256)
def _open_rank(text: str) -> tuple[tuple[str, float], ...]:
    """The open identifier's ranking, once per text: ``foreign_language`` and then
    ``detect_language`` (for a question with no function word) both read it."""
    with _lock:
        return tuple(_open_identifier().rank(text))


def foreign_language(text: str) -> str | None:
    """The English name of the language ``text`` is written in when it is clearly none of ours.

    A question counts as foreign when most of its letters (capitals A-Z aside) are in a script
    none of our languages uses (Hebrew, Cyrillic, Chinese...); or when it has three words or
    more and the open language identifier is at least ``FOREIGN_SURE`` sure of another
    language, or at least ``FOREIGN_MIN_PROB`` sure and no more than one distinct English,
    German or Hungarian function word is in it. No question of the bench set (keyword queries
    and accent-free typos included) and no sentence of the corpus scores over 0.44 for another
    language. Names like ``CIO vs CTO`` are never foreign. Returns None for our languages and
    for text that tells nothing.
    """
    words = _TOKEN_RE.findall(text)
    if not words:
        return None
    ranked = _open_rank(text)
    top, prob = ranked[0] if ranked else ("zxx", 0.0)
    name = _LANGUAGE_NAMES.get(top, "another language")
    if _latin_share(text) < 0.5:
        return name if top not in LANGUAGES else "another language"
    if top in LANGUAGES or top == "zxx" or len(words) < 3 or prob < FOREIGN_MIN_PROB:
        return None
    distinct = {w.lower() for w in words}
    if prob < FOREIGN_SURE and max(len(distinct & STOPWORDS[lang]) for lang in LANGUAGES) > 1:
        return None
    return name


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
    if votes[best] == 0 and (probs.get(best, 0.0) < 0.6 or _open_rank(text)[0][0] == "zxx"):
        return default  # no function word and no clear language: "asdfghjkl" is not Hungarian
    return best


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    import Stemmer

    if lang not in _STEMMER_NAMES:
        raise ValueError(f"unknown language {lang!r}; valid choices: {', '.join(LANGUAGES)}")
    return Stemmer.Stemmer(_STEMMER_NAMES[lang])


def stem(word: str, lang: str) -> str:
    """The BM25 stem of one lower-case ``word`` in ``lang`` (no stop-word test)."""
    return _stemmer(lang).stemWord(word)


_ACRONYM_RE = re.compile(r"^[A-ZÄÖÜÁÉÍÓÖŐÚÜŰ]{2,}s?$")
ROLE_ACRONYM_RE = re.compile(r"C[A-Z]{1,3}Os?")  # a C-level role: CIO, CISO, CDOs


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
