"""Everything language-specific, one record per language; adding a language is one file.

Each module defines ``LANGUAGE``, a ``LanguageData``; ``LANGUAGES`` maps codes to records.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LanguageData:
    """Language-specific data used by analysis, answer selection, abstention and the UI.

    Attributes:
        code: ISO 639-1 code (``en``).
        name: English name of the language (``English``).
        stemmer: PyStemmer (Snowball) algorithm name.
        stopwords: short, common function words.
        cues: question-type cue words, by answer type (``amount``, ``how_much``: the figure itself
            is asked, ``who``, ``why``, ``when``, ``how``, ``compare``), matched against lower-cased question words
            (a cue ending in ``*`` matches as a prefix; see ``matches_cue``).
        answer_markers: words that mark a sentence as giving that type of answer.
        ui: user-facing strings (``not_covered``, ``not_mentioned`` and ``in_passing`` with ``{terms}``,
            ``sources``, ``closest``, ``unsure`` (before an answer the bot is unsure of),
            ``other_language`` with ``{language}``, the HTML view's
            ``open``, ``source``, ``intro``, and the page's words: placeholders, labels and the
            retriever names ``retriever_hybrid`` ... ``retriever_hybrid_sparse``).
        special_chars: letters only this language uses among ours (strong evidence on short text).
        fold: accent-free spellings to their standard form (``ae`` -> ``ä``), for typos.
        role_as_object: a pattern for the CIO or CTO asked about as the object of a question
            ("Who reports to the CIO?"), not its subject.
        follow_up: two patterns for a message that only makes sense after the previous question: a
            leading "and" or "what about" ("And the CTO?", "Und in Deutschland?", "És mennyit keres?"),
            and a pronoun for someone named before, which counts when the message names no role
            itself ("What does he earn?"; ``qa.key_terms.follows_up``).
        definition: patterns of a question asking what a term is, each with a ``term`` group
            ("What is cloud computing?", "Was ist ein MBA?", "Mit jelent a DevOps?").
        small_talk: lower-case phrases of a message that asks nothing, by kind (``greeting``,
            ``thanks``, ``bye``) and ``extra`` (what may come with them: "how are you", "that was
            helpful"); the UI strings of the same kinds answer it (``qa.small_talk``).
        units: the unit an amount question asks for (``percent``, ``money``, ``hours``, ``days``,
            ``weeks``, ``months``, ``years``, ``count``), by the question's words (cues as in
            ``cues``, checked in ``qa.amounts.UNITS`` order).
        unit_words: words that give a number that unit in a sentence of this language
            ("hours", "Stunden", "óra"; prefixes), by unit.
        rate_words: words that make the time word after them a rate, not the unit asked ("how much
            per year", "pro Jahr"): that word is no cue for ``units``.
        extent_cues: the ``how_much`` cues that may ask "to what extent" instead of for a figure
            ("how much", "wie viel", "mennyi"), decided by the word after them (``qa.amounts.asks_extent``).
        figure_after: words after an extent cue that make it ask for a figure ("how much does …",
            "mennyi a …"); a unit word does too, and in German any word in lower case (a verb:
            "wie viel verdient"), while a noun asks for an extent ("Wie viel Einfluss …?").
        role_holder: patterns of a question asking who holds a role at a named organisation
            ("Who is the CTO of DigiSync?", "Wer ist der CIO von Siemens?", "Ki a Microsoft
            CTO-ja?"), ``{role}`` where the role goes and an ``org`` group (a ``genitive`` group
            marks a German genitive, where one plain word is a common noun: "der Firma"): the
            articles name no one in such a role, so the answer is a person they do not give
            (``qa.key_terms``).
        role_org: patterns of a role qualified by a named organisation anywhere in a question ("the
            CTO of Google", "Google's CTO", "der CIO der Deutschen Telekom", "a Microsoft CTO-ja"),
            with ``{role}`` and ``org`` (and ``genitive``) as in ``role_holder``: an amount asked for
            such a role is one the articles cannot give (they give U.S. averages only).
        org_has_role: patterns of a question whether a named organisation has a role ("Does Netflix
            have a CIO?", "hat die deutsche bahn einen cto", "Van-e a Telekomnak CIO-ja?"), with
            ``{role}`` and ``org``: the articles discuss no organisation's roles but DigiSync's.
        generic_orgs: common nouns for an organisation (folded: "firma", "stadt"): after a German
            genitive ("der CIO der Firma") such a word is no name, while another word the articles
            never use is one ("der CIO der Allianz").
        unit_names: what an amount of each unit is called, as the object of ``ui["no_amount"]``
            ("a number of hours", "eine Stundenzahl", "az órák számát"); ``any`` for a number of no unit.
        introductions: patterns of the asker saying who they are, ``{name}`` where their name
            goes ("I'm {name}", "{name} vagyok"): dropped with a greeting (``qa.small_talk``), and
            the name is no key term the articles lack (``qa.key_terms``).
    """

    code: str
    name: str
    stemmer: str
    stopwords: frozenset[str]
    cues: dict[str, tuple[str, ...]]
    answer_markers: dict[str, tuple[str, ...]]
    ui: dict[str, str]
    special_chars: frozenset[str] = frozenset()
    fold: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    role_as_object: str = ""
    follow_up: tuple[str, ...] = ()
    small_talk: dict[str, tuple[str, ...]] = field(default_factory=dict)
    definition: tuple[str, ...] = ()
    introductions: tuple[str, ...] = ()
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unit_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rate_words: tuple[str, ...] = ()
    extent_cues: tuple[str, ...] = ()
    figure_after: tuple[str, ...] = ()
    role_holder: tuple[str, ...] = ()
    role_org: tuple[str, ...] = ()
    org_has_role: tuple[str, ...] = ()
    generic_orgs: frozenset[str] = frozenset()
    unit_names: dict[str, str] = field(default_factory=dict)

    def cue_types(self, words: list[str]) -> set[str]:
        """Answer types the question's (lower-cased) words ask for."""
        return {kind for kind, cues in self.cues.items() if matches_cue(cues, words)}

    def respell(self, word: str) -> str:
        """The standard spelling of an accent-free word (``Geschaeft`` -> ``Geschäft`` in German)."""
        for plain, accented in self.fold:
            word = word.replace(plain, accented)
        return word


def matches_cue(cues: tuple[str, ...], words: list[str]) -> bool:
    """Whether one of ``cues`` occurs in the lower-cased ``words``: a cue ending in ``*`` as a
    word's prefix, one starting with ``*`` as its ending ("*stunden": "Arbeitsstunden"), one with
    both inside it ("*gehalt*": "Monatsgehalts"), any other as a whole word or phrase."""
    text = f" {' '.join(words)} "
    return any(_cue_in(cue, words, text) for cue in cues)


def _cue_in(cue: str, words: list[str], text: str) -> bool:
    if cue.startswith("*") and cue.endswith("*") and len(cue) > 2:
        return any(cue[1:-1] in w for w in words)
    if cue.startswith("*"):
        return any(w.endswith(cue[1:]) for w in words)
    if cue.endswith("*"):
        return any(w.startswith(cue[:-1]) for w in words)
    return f" {cue} " in text


def _load() -> dict[str, LanguageData]:
    from qa.languages import de, en, hu

    return {m.LANGUAGE.code: m.LANGUAGE for m in (en, de, hu)}


LANGUAGES: dict[str, LanguageData] = _load()


def get(code: str) -> LanguageData:
    """The record of a language code; English for an unknown one."""
    return LANGUAGES.get(code, LANGUAGES["en"])
