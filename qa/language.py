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

LANGUAGES = ("en", "de", "hu")
_STEMMER_NAMES = {"en": "english", "de": "german", "hu": "hungarian"}

# Short, common function words; the detector alone is unreliable on two-word questions.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "a an and are as at be been being both but by can could did do does doing for from had has have "
        "having he her hers him his how i if in into is it its itself me more most my no nor not of off on "
        "once only or other our ours out over own same she should so some such than that the their theirs "
        "them then there these they this those through to too under until up very was we were what when "
        "where which while who whom why will with would you your yours s t vs versus".split()
    ),
    "de": frozenset(
        "aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin bis "
        "bist da damit dann das dass dein deine dem den der des dessen die dies diese diesem diesen dieser "
        "dieses doch dort du durch ein eine einem einen einer eines er es etwas euer für gegen hat hatte "
        "hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist jede jedem jeden jeder jedes jene "
        "jetzt kann kein keine können man manche mein mich mir mit muss nach nicht nichts noch nun nur ob "
        "oder ohne sehr sein seine sich sie sind so solche soll sondern sonst um und uns unter viel vom "
        "von vor war waren was weil welche welchem welchen welcher welches wenn wer werden wie wir wird "
        "wo worin zu zum zur über vs wo wofür worauf".split()
    ),
    "hu": frozenset(
        "a az és egy hogy nem is meg de ha van volt vagy mint csak már még el ki be fel le mi mit milyen "
        "melyik miért hogyan hol ki kik kit amely amelyek ami amit aki akik ez ezt ezek azt azok annak "
        "ennek abban ebben arra erre által között után alatt szerint nagyon vagyis illetve valamint sem "
        "vs mely mik mivel mire mikor mennyi hány".split()
    ),
}

_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_MARKERS = ("de", "en", "hu")
# Characters that only one of the languages uses: strong evidence on short text.
_HU_CHARS = set("őűŐŰ")
_DE_CHARS = set("ßäÄ")

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
    if chars & _HU_CHARS:
        return "hu"
    if chars & _DE_CHARS:
        return "de"
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
