"""Hungarian."""
from qa.languages import LanguageData

LANGUAGE = LanguageData(
    code="hu",
    name="Hungarian",
    stemmer="hungarian",
    stopwords=frozenset(
        "a az és egy hogy nem is meg de ha van volt vagy mint csak már még el ki be fel le mi mit milyen "
        "melyik miért hogyan hol ki kik kit amely amelyek ami amit aki akik ez ezt ezek azt azok annak "
        "ennek abban ebben arra erre által között után alatt szerint nagyon vagyis illetve valamint sem "
        "vs mely mik mivel mire mikor mennyi hány".split()),
    cues={
        "amount": ("mennyi*", "hány", "fizetés*", "kereset*", "keres", "bér*", "jövedelm*", "százal*"),
        # asks for the figure itself ("mennyire", to what extent, does not)
        "how_much": ("mennyi", "mennyit", "mennyibe", "mennyiért", "mennyivel", "mennyien", "hány*"),
        # ... unless it asks what the figure depends on ("Mitől függ, mennyibe kerül egy CIO?")
        "factor": ("függ*", "mitől", "múlik", "befolyásol*", "meghatároz*", "tényező*"),
        "who": ("ki", "kinek", "kit", "kik", "kié"),
        "why": ("miért", "ok*"),
        "when": ("mikor", "év*", "meddig"),
        "date": ("mióta", "miota", "melyik évben", "melyik evben", "hányban", "hanyban", "mikor jelent", "mikor jelentek",
                 "mikor alakult", "mikor jött létre", "mikor jott letre", "mikor kezdt*", "mikor vezették be",
                 "mikor vezettek be", "mikor tűnt fel", "mikor tunt fel"),
        "compare": ("különb*", "összehasonlít*", "eltér*", "több", "többet", "kevesebb", "kevesebbet", "jobb", "között"),
    },
    units={  # checked in this order: "hány százaléka a fizetésnek" asks for a percentage
        "percent": ("százal*",),
        "money": ("fizetés*", "kereset*", "keres", "keresnek", "bér*", "jövedelm*", "pénz*", "dollár*", "euró*",
                  "forint*", "költség*", "kerül*", "usd", "eur", "huf", "ft"),
        # the units themselves ("hány órát", "hány nap"), not the rates "óránként", "naponta",
        # "napi", "hetente", "heti", "havonta", "havi", "évente", "évi", "éves"
        "hours": ("óra", "órát", "óráig", "órányi", "órája"),
        "days": ("nap", "napot", "napig", "napnyi", "napja"),
        "weeks": ("hét", "hetet", "hétig", "hetig", "hétnyi", "hete"),
        "months": ("hónap", "hónapot", "hónapig", "hónapnyi", "hónapja"),
        "years": ("év", "évet", "évig", "évnyi", "éve", "évre"),
        "count": ("hány*", "mennyien"),  # "hány", "hányan", "hányat"; "mennyien": how many people
    },
    unit_words={
        "money": ("dollár*", "euró", "eurót", "euróért", "eurós", "eurónyi", "euróval", "euróra", "euróba", "euróban",
                  "forint*", "ft", "huf", "usd", "eur"),  # not "európai"
        "percent": ("százal*",),
        "hours": ("óra*", "órá*"),
        "days": ("nap*",),
        "weeks": ("hét", "het*"),
        "months": ("hónap*",),
        "years": ("év*",),
    },
    extent_cues=("mennyi",),  # not "mennyit", "mennyibe": they ask for the figure whatever follows
    figure_after=("a", "az", "egy", "ideig", "idő*", "extra", "plusz", "volt", "lesz", "átlag*"),
    role_holder=(r"(?i:\bki\s+(?:a|az)\s+)(?P<org>[A-ZÁÉÍÓÖŐÚÜŰ][\w&.-]*(?:[ \t]+[A-ZÁÉÍÓÖŐÚÜŰ][\w&.-]*)*)\s+"
                 r"(?:[\w-]+\s+)?{role}",),
    role_org=(r"(?P<org>[A-ZÁÉÍÓÖŐÚÜŰ][\w&.-]*(?:[ \t]+[A-ZÁÉÍÓÖŐÚÜŰ][\w&.-]*)*)\s+(?:[\w-]+\s+)?"
              r"(?:[A-Z]{2,5}-j[ae]\w*|(?i:\w*igazgatój\w*))",),
    org_has_role=(r"\b(?i:van|volt|kell)(?:-e)?\s+(?:(?i:a|az)\s+)?(?P<org>[\w&.-]{2,40}?)(?i:nak|nek)\s+"
                  r"(?:(?i:is|saját|külön)\s+)?{role}",),
    generic_orgs=frozenset("ceg cegek vallalat vallalatok vallalkozas vallalkozasok startup kkv szervezet bank korhaz "
                           "iskola egyetem allam kormany csapat it".split()),
    unit_names={"percent": "a százalékot", "money": "az összeget", "hours": "az órák számát", "days": "a napok számát",
                "weeks": "a hetek számát", "months": "a hónapok számát", "years": "az évek számát", "count": "a számot",
                "any": "a számot", "date": "az évet vagy a dátumot"},
    answer_markers={
        "why": ("mert", "ezért", "miatt", "így"),
        "contrast": ("míg", "viszont"),  # a sentence setting one role against the other
    },
    introductions=(r"a\s+nevem\s+{name}", r"{name}\s+a\s+nevem", r"{name}\s+vagyok",
                   r"engem\s+{name}\s+h[ií]vnak"),
    small_talk={
        "greeting": ("hogy vagy", "hogy van", "mi újság", "szia", "sziasztok", "szervusz", "helló", "hello",
                     "hali", "jó napot", "jó napot kívánok", "jó reggelt", "jó estét", "üdv", "üdvözlöm"),
        "thanks": ("köszönöm", "köszönöm szépen", "köszi", "kösz", "köszönjük", "nagyon köszönöm",
                   "köszönöm a segítséget", "szuper", "remek", "oké", "ok", "rendben", "tökéletes"),
        "bye": ("viszlát", "viszontlátásra", "szia", "jó éjt", "jó éjszakát"),
        "extra": ("ez hasznos volt", "ez segített", "nagyon hasznos", "mindenkinek", "mindenki", "a választ",
                  "a válaszokat", "a segítséget", "ez sokat segített", "sokat segített", "ma", "szépen",
                  "nagyon szépen"),
    },
    ui={
        "greeting": "Üdvözlöm! A CIO és a CTO szerepéről szóló kérdésekre öt cikkből idézve válaszolok (angol, "
                    "német, magyar). Kérdezze például: „Mit csinál a CTO?”",
        "thanks": "Szívesen! Kérdezzen bármikor a CIO-ról és a CTO-ról.",
        "bye": "Viszontlátásra! Bármikor visszatérhet a CIO-ról és a CTO-ról szóló kérdéseivel.",
        "not_covered": "Úgy tűnik, a cikkek nem térnek ki erre a kérdésre: egyik részletük sem tűnik válasznak (a "
                       "legközelebbieket lent találja, hátha segít valamelyik).",
        "not_mentioned": "A cikkekben nem szerepel {terms}, így nem térnek ki erre a kérdésre.",
        "in_passing": "A cikkekben csak futólag szerepel {terms}, így nem térnek ki erre a kérdésre.",
        "term_quotes": "„”",
        "terms_or": "és",
        "no_holder": "A cikkek nem írják meg, ki tölti be ezt a szerepet ({org}), így nem térnek ki erre a kérdésre.",
        "no_org_amount": "A cikkek nem közölnek adatot erről a szerepről ({org}), így nem térnek ki erre a kérdésre.",
        "no_amount": "Úgy tűnik, a cikkek nem adják meg ezt az adatot: a kérdéshez legközelebb álló mondatok "
                     "egyike sem adja meg {unit} (a legközelebbi részleteket lent találja, hátha segít valamelyik).",
        "sources": "Források",
        "unsure": "Lehet, hogy a cikkek nem pontosan erre válaszolnak. A legközelebbi:",
        "read_with": "Az előző kérdésével együtt értelmezve: „{question}”",
        "read_as": "Így értelmezve: „{question}”",
        "also": "Egy másik mondat, amely szintén válaszolhat",
        "closest": "Legközelebbi részletek (nem válasz)",
        "open": "Megnyitás a cikkben",
        "source": "Olvassa el az eredeti helyén",
        "intro": "Bevezető",
        "page_title": "CIO vs. CTO — kérdezze a cikkeket",
        "page_intro": "A válaszok öt cikkből vett idézetek, a forrás egy kattintásnyira. English, "
                      "Deutsch, magyar.",
        "chat_placeholder": "Kérdezzen a CIO és a CTO szerepéről, vagy válasszon egy példát.",
        "box_placeholder": "Kérdése a CIO és a CTO szerepéről…",
        "box_label": "Az Ön kérdése",
        "ask": "Küldés",
        "settings": "Beállítások",
        "passages": "Idézett szakaszok száma",
        "how": "Hogyan keressük a szakaszokat",
        "how_info": "Az alapbeállítás találja meg legtöbbször a jó részletet; a többi összehasonlításra szolgál.",
        "retriever_hybrid": "Legjobb: jelentés + kulcsszavak, mindhárom nyelven (hybrid)",
        "retriever_e5": "Csak jelentés, mindhárom nyelven (e5)",
        "retriever_bm25": "Csak kulcsszavak (BM25)",
        "retriever_dense": "Csak jelentés, angol modell (dense: MiniLM; az első kérdés tölti be, "
                           "ez akár fél percig is tarthat)",
        "retriever_rrf": "Jelentés + kulcsszavak + angol modell, rangsorok egyesítése (RRF)",
        "retriever_hybrid_sparse": "Legjobb + az e5 rejtett kifejezései (hybrid_sparse: lassabb, az első kérdés "
                                   "egy második modellt tölt be)",
        "reader_title": "Cikk",
        "reader_empty": "Egy válasz alatti forrásra kattintva a szakaszt a cikkében olvashatja.",
        "pending": "Keresés a cikkekben…",
        "no_words": "A kérdésben nincs keresésre alkalmas szó (csak írásjelek vagy emojik); kérdezzen a cikkekről.",
        "empty": "A kérdés üres; kérdezzen a cikkekről.",
        "too_long": "A kérdése {n} karakter hosszú; kérjük, rövidítse le legfeljebb {limit} karakterre. A szöveg a beviteli mezőben maradt.",
        "name_en": "angol",
        "name_de": "német",
        "name_hu": "magyar",
        "back": "Vissza a beszélgetéshez",
        "no_vote": "Szavazni csak a cikkekből adott válaszokra lehet; ez az üzenet nem ilyen, ezért a "
                   "szavazatát nem mentettük el.",
        "other_language": "Angol, német és magyar nyelvű kérdéseket értek; ez a kérdés ezen a nyelven szólhat: {language}. "
                          "Kérem, kérdezzen ezek egyikén. A legközelebbi szakaszok lent láthatók.",
    },
    special_chars=frozenset("őűŐŰ"),
    role_as_object=r"\bC[IT]O-(?:nak|nek|n[aá]l|n[eé]l|hoz|hez|h[oö]z|t[oó]l|t[eé]l)\b",
    follow_up=(r"^\s*(?:és|es|hát|na\s+és|mi\s+a\s+helyzet)\b",
               r"\b(?:ő|ők|neki|nekik|őt|ez\s+a\s+szerep|a\s+másik)\b"),
    definition=(  # "Mi az a felhő alapú számítástechnika?", "Mit jelent a DevOps?"; not "Mi a fizetés?" (a value)
        r"^\s*(?:mi\s+az\s+a|mik\s+azok\s+a|mit\s+jelent(?:enek)?(?:\s+az?)?)\s+"
        r"(?P<term>[^\W\d_][^?!.,;:]{1,48}?)\s*\??\s*$",
    ),
)
