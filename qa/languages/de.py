"""German."""
from qa.languages import LanguageData

LANGUAGE = LanguageData(
    code="de",
    name="German",
    stemmer="german",
    stopwords=frozenset(
        "aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin bis "
        "bist da damit dann das dass dein deine dem den der des dessen die dies diese diesem diesen dieser "
        "dieses doch dort du durch ein eine einem einen einer eines er es etwas euer für gegen hat hatte "
        "hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist jede jedem jeden jeder jedes jene "
        "jetzt kann kein keine können man manche mein mich mir mit muss nach nicht nichts noch nun nur ob "
        "oder ohne sehr sein seine sich sie sind so solche soll sondern sonst um und uns unter viel vom "
        "von vor war waren was weil welche welchem welchen welcher welches wenn wer werden wie wir wird "
        "wo worin zu zum zur über vs wo wofür worauf".split()),
    cues={
        "amount": ("wie viel", "wieviel", "wie viele", "wieviele", "wie vielen", "*gehalt*", "verdien*", "*lohn",
                   "einkommen", "bezahl*", "kost*", "prozent*"),
        "how_much": ("wie viel", "wieviel", "wie viele", "wieviele", "wie vielen", "wie hoch"),  # asks for the figure itself
        # ... unless it asks what the figure depends on ("Wovon hängt ab, wie viel ein CTO verdient?")
        "factor": ("wovon", "abhäng*", "hängt", "hängen", "beeinfluss*", "faktor*", "einflussfaktor*"),
        "who": ("wer", "wem", "wen", "wessen"),
        "why": ("warum", "weshalb", "wieso", "grund"),
        "when": ("wann", "jahr", "wie lange"),
        "date": ("seit wann", "in welchem jahr", "wann wurde", "wann wurden", "wann gab", "wann entstand",
                 "wann entstanden", "wann kam", "wann kamen"),
        "compare": ("unterschied*", "vergleich*", "unterscheid*", "mehr", "weniger", "besser", "zwischen"),
    },
    units={  # checked in this order: "wie viel Prozent des Gehalts" asks for a percentage
        "percent": ("prozent*",),
        # compounds: "Monatsgehalt", "Stundenlohn" and "Stundensatz" ask for money, "Arbeitsstunden" for hours
        "money": ("*gehalt*", "verdien*", "*lohn", "*löhne", "*einkommen*", "bezahl*", "kost*", "geld", "dollar*",
                  "euro*", "budget*", "preis*", "vergütung*", "*stundensatz*", "usd", "eur"),
        "hours": ("*stunde", "*stunden"),
        "days": ("tag", "*tage", "*tagen"),
        "weeks": ("*woche", "*wochen"),
        "months": ("*monat", "*monate", "*monaten"),
        "years": ("*jahr", "*jahre", "*jahren"),
        "count": ("wie viele", "wieviele", "wie vielen"),
    },
    unit_words={
        "money": ("dollar*", "euro", "euros", "usd", "eur"),  # not "europäisch"
        "percent": ("prozent*",),
        "hours": ("stunde*", "std"),
        "days": ("tag", "tage", "tagen"),
        "weeks": ("woche*",),
        "months": ("monat*",),
        "years": ("jahr", "jahre", "jahren"),
    },
    rate_words=("pro", "im", "je", "jede", "jeden", "jedes"),
    extent_cues=("wie viel", "wieviel"),
    figure_after=("mehr", "weniger", "ein", "eine", "der", "die", "das"),  # and any word in lower case
    role_holder=(r"(?i:\bwer\s+(?:ist|war)\s+(?:(?:der|die|momentan|aktuell|zurzeit|derzeit)\s+)*"
                 r"(?:(?:aktuelle|neue|derzeitige|jetzige)[rn]?\s+)?){role}\s+(?i:von|bei|(?P<genitive>der|des))\s+"
                 r"(?i:(?:der|dem|den)\s+)?(?P<org>[A-ZÄÖÜ][\w&.-]*(?:[ \t]+[A-ZÄÖÜ][\w&.-]*)*)",
                 r"(?i:\bwer\s+(?:ist|war)\s+(?:bei|von)\s+)(?P<org>[A-ZÄÖÜ][\w&.-]*(?:[ \t]+[A-ZÄÖÜ][\w&.-]*)*)"
                 r"\s+(?i:der|die)\s+{role}"),
    role_org=(r"{role}\s+(?i:von|bei|(?P<genitive>der|des))\s+(?i:(?:der|dem|den)\s+)?"
              r"(?P<org>[A-ZÄÖÜ][\w&.-]*(?:[ \t]+[A-ZÄÖÜ][\w&.-]*)*)",),
    org_has_role=(r"\b(?i:hat|hatte|braucht)\s+(?!(?i:ein|eine|einen|jede|jedes|jeder|mein\w*|unser\w*|ihr\w*|sein\w*)\s)"
                  r"(?P<org>[\w&.'’ -]{2,40}?)\s+(?i:(?:auch\s+|wirklich\s+)?(?:einen|eine|ein|keinen|keine))\s+{role}",),
    generic_orgs=frozenset("firma firmen unternehmen unternehmens gesellschaft organisation konzern konzerns behorde "
                           "verwaltung abteilung gruppe bank stadt gemeinde schule universitat klinik regierung "
                           "startup start-up mittelstand mittelstandler betrieb team it edv".split()),
    unit_names={"percent": "einen Prozentsatz", "money": "einen Geldbetrag", "hours": "eine Stundenzahl",
                "days": "eine Anzahl von Tagen", "weeks": "eine Anzahl von Wochen", "months": "eine Anzahl von Monaten",
                "years": "eine Anzahl von Jahren", "count": "eine Zahl", "any": "eine Zahl",
                "date": "ein Jahr oder Datum"},
    answer_markers={
        "why": ("weil", "da ", "deshalb", "daher", "aufgrund", "denn"),
        "contrast": ("während", "wohingegen", "hingegen"),  # a sentence setting one role against the other
    },
    introductions=(r"ich\s+bin\s+{name}", r"ich\s+hei(?:ß|ss)e\s+{name}", r"mein\s+name\s+ist\s+{name}",
                   r"{name}\s+hei(?:ß|ss)e\s+ich"),
    small_talk={
        "greeting": ("wie geht es dir", "wie geht es ihnen", "wie geht's", "wie gehts", "hallo", "hi", "hey",
                     "servus", "moin", "grüß gott", "guten morgen", "guten tag", "guten abend", "grüezi"),
        "thanks": ("danke", "danke schön", "dankeschön", "danke sehr", "vielen dank", "besten dank", "merci",
                   "super", "toll", "prima", "ok", "okay", "perfekt", "klasse", "vielen lieben dank"),
        "bye": ("tschüss", "tschüs", "auf wiedersehen", "ciao", "bis bald", "gute nacht"),
        "extra": ("das war hilfreich", "das hilft", "sehr hilfreich", "für die hilfe", "für ihre hilfe",
                  "für deine hilfe", "nochmal", "noch mal", "gut", "zusammen", "allerseits", "alle",
                  "für die antwort", "für die antworten", "für die info", "für die auskunft", "lieben", "sehr",
                  "vielmals", "das war sehr hilfreich", "hilfreich", "heute"),
    },
    ui={
        "greeting": "Hallo! Ich beantworte Fragen zu den Rollen von CIO und CTO mit Zitaten aus fünf Artikeln "
                    "(Englisch, Deutsch, Ungarisch). Fragen Sie zum Beispiel: „Was macht ein CTO?“",
        "thanks": "Gern geschehen! Fragen Sie jederzeit weiter zu CIO und CTO.",
        "bye": "Auf Wiedersehen! Kommen Sie mit jeder Frage zu CIO und CTO gern wieder.",
        "not_covered": "Die Artikel scheinen diese Frage nicht zu beantworten: keine ihrer Passagen wirkt wie eine "
                       "Antwort (die nächstliegenden stehen unten, falls eine hilft).",
        "not_mentioned": "Die Artikel erwähnen {terms} nicht; sie beantworten diese Frage nicht.",
        "in_passing": "Die Artikel erwähnen {terms} nur am Rande; sie beantworten diese Frage nicht.",
        "term_quotes": "„“",
        "terms_or": "oder",
        "no_holder": "Die Artikel sagen nicht, wer diese Rolle bei {org} innehat; sie beantworten diese Frage nicht.",
        "no_org_amount": "Die Artikel nennen keine Zahlen für diese Rolle bei {org}; sie beantworten diese Frage nicht.",
        "no_amount": "Die Artikel scheinen diese Angabe nicht zu enthalten: Keiner der Sätze, die der Frage "
                     "am nächsten kommen, nennt {unit} (die nächstliegenden Passagen stehen unten, falls eine hilft).",
        "sources": "Quellen",
        "unsure": "Die Artikel beantworten das womöglich nicht genau. Am nächsten kommt dieser Satz:",
        "read_with": "Zusammen mit Ihrer vorigen Frage gelesen: „{question}“",
        "read_as": "Gelesen als: „{question}“",
        "also": "Ein weiterer Satz, der ebenfalls antworten könnte",
        "closest": "Nächstliegende Passagen (keine Antwort)",
        "open": "Im Artikel öffnen",
        "source": "Am Originalort lesen",
        "intro": "Einleitung",
        "page_title": "CIO vs. CTO — fragen Sie die Artikel",
        "page_intro": "Die Antworten sind Zitate aus fünf Artikeln, die Quelle ist einen Klick "
                      "entfernt. English, Deutsch, magyar.",
        "chat_placeholder": "Fragen Sie nach den Rollen von CIO und CTO oder wählen Sie ein Beispiel.",
        "box_placeholder": "Ihre Frage zu CIO und CTO…",
        "box_label": "Ihre Frage",
        "ask": "Fragen",
        "settings": "Einstellungen",
        "passages": "Zitierte Passagen",
        "how": "Wie Passagen gefunden werden",
        "how_info": "Die Voreinstellung findet die richtige Passage am häufigsten; die anderen dienen dem Vergleich.",
        "retriever_hybrid": "Beste Wahl: Bedeutung + Stichwörter, alle drei Sprachen (hybrid)",
        "retriever_e5": "Nur Bedeutung, alle drei Sprachen (e5)",
        "retriever_bm25": "Nur Stichwörter (BM25)",
        "retriever_dense": "Nur Bedeutung, englisches Modell (dense: MiniLM; die erste Frage lädt es, "
                           "das kann eine halbe Minute dauern)",
        "retriever_rrf": "Bedeutung + Stichwörter + englisches Modell, Ranglisten-Fusion (RRF)",
        "retriever_hybrid_sparse": "Beste Wahl + latente Begriffe von e5 (hybrid_sparse: langsamer, die erste "
                                   "Frage lädt ein zweites Modell)",
        "reader_title": "Artikel",
        "reader_empty": "Wählen Sie unter einer Antwort eine Quelle, um die Passage in ihrem Artikel "
                        "zu lesen.",
        "pending": "Die Artikel werden durchsucht…",
        "no_words": "Die Frage enthält keine Wörter, nach denen gesucht werden kann (nur Zeichen oder Emoji); "
                    "stellen Sie eine Frage zu den Artikeln.",
        "empty": "Die Frage ist leer; stellen Sie eine Frage zu den Artikeln.",
        "too_long": "Ihre Frage ist {n} Zeichen lang; bitte kürzen Sie sie auf höchstens {limit}. Sie steht noch im Eingabefeld.",
        "name_en": "Englisch",
        "name_de": "Deutsch",
        "name_hu": "Ungarisch",
        "back": "Zurück zum Gespräch",
        "no_vote": "Bewertungen gelten nur Antworten aus den Artikeln; diese Nachricht ist keine, daher "
                   "wurde Ihre Bewertung nicht gespeichert.",
        "other_language": "Ich verstehe Fragen auf Englisch, Deutsch und Ungarisch; diese scheint auf {language} zu sein. "
                          "Bitte fragen Sie in einer dieser Sprachen. Die nächstliegenden Passagen stehen unten.",
    },
    special_chars=frozenset("ßäÄ"),
    fold=(("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß")),
    role_as_object=r"\b(?:an|als)\s+(?:(?:den|dem|die|der|einen|einem)\s+)?C[IT]Os?\b",
    follow_up=(r"^\s*(?:und|was\s+ist\s+mit|wie\s+steht\s+es\s+mit)\b",
               r"\b(?:er|ihm|ihn|seine|seinen|seinem|seiner|dieser\s+rolle|diese\s+rolle|der\s+andere)\b"),
    definition=(  # "Was ist ein MBA?", "Was bedeutet DevOps?"; not "Was ist der Unterschied?" (a value)
        r"^\s*was\s+(?:ist|sind)\s+(?!(?:der|die|das|den|dem)\s)(?:(?:ein|eine|einen)\s+)?"
        r"(?P<term>[^\W\d_][^?!.,;:]{1,48}?)\s*\??\s*$",
        r"^\s*was\s+(?:bedeutet|bedeuten|hei(?:ß|ss)t|versteht\s+man\s+unter)\s+"
        r"(?:(?:ein|eine|einen|der|die|das|den|dem)\s+)?(?P<term>[^\W\d_][^?!.,;:]{1,48}?)\s*\??\s*$",
    ),
)
