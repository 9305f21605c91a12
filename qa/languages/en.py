"""English."""
from qa.languages import LanguageData

LANGUAGE = LanguageData(
    code="en",
    name="English",
    stemmer="english",
    stopwords=frozenset(
        "a an and are as at be been being both but by can could did do does doing for from had has have "
        "having he her hers him his how i if in into is it its itself me more most my no nor not of off on "
        "once only or other our ours out over own same she should so some such than that the their theirs "
        "them then there these they this those through to too under until up very was we were what when "
        "where which while who whom why will with would you your yours s t vs versus".split()),
    cues={
        "amount": ("how much", "how many", "salary", "salaries", "earn*", "pay", "paid", "income", "wage*", "cost*",
                   "percent*", "money", "compensation"),
        "how_much": ("how much", "how many", "what percentage", "what percent"),  # asks for the figure itself
        # ... unless it asks what the figure depends on ("What determines how much a CTO earns?")
        "factor": ("depend*", "determin*", "factor*", "affect*", "influenc*", "based on"),
        "who": ("who", "whom", "whose"),
        "why": ("why", "reason*"),
        "when": ("when", "year", "how long"),
        # a point in time is asked ("Since when …?", "When did … first …?"), not a condition ("When should …?")
        "date": ("since when", "what year", "which year", "when did", "when was", "when were"),
        "compare": ("differ*", "difference*", "compare*", "comparison", "versus", "vs", "more", "less", "better",
                    "between"),
    },
    units={  # checked in this order: "what percent of the salary" asks for a percentage
        "percent": ("percent*", "per cent"),
        "money": ("salary", "salaries", "earn*", "pay", "paid", "income", "wage*", "cost*", "money", "compensation",
                  "dollar*", "euro*", "budget*", "price*", "usd", "eur", "gbp"),
        # whole words: "hourly", "monthly" are rates ("How much does a CTO make monthly?" asks for money)
        "hours": ("hour", "hours"),
        "days": ("day", "days"),
        "weeks": ("week", "weeks"),
        "months": ("month", "months"),
        "years": ("year", "years"),
        "count": ("how many",),
    },
    unit_words={
        "money": ("dollar*", "euro", "euros", "usd", "eur", "gbp", "pound*"),  # not "European"
        "percent": ("percent*", "per cent"),
        "hours": ("hour*", "hrs"),
        "days": ("day", "days"),
        "weeks": ("week", "weeks"),  # not "weekends", "weekdays"
        "months": ("month*",),
        "years": ("year", "years"),
    },
    rate_words=("per", "a", "an", "each", "every"),
    extent_cues=("how much",),
    figure_after=("does", "do", "did", "is", "are", "was", "were", "will", "would", "can", "could", "should",
                  "might", "may", "more", "less", "extra", "on", "per", "a", "an", "the", "of", "money", "time"),
    role_holder=(r"(?i:\bwho(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+)?(?:(?:current|new|former|present|first|last|founding|federal|previous)\s+){0,2})"
                 r"{role}\s+(?i:of|at|for|in)\s+(?i:the\s+)?(?P<org>[A-Z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*)*)",
                 r"(?i:\bwho(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+)(?P<org>[A-Z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*)*)"
                 r"(?:'s|’s)\s+(?i:(?:current|new|former|present)\s+)?{role}"),
    role_org=(r"{role}\s+(?i:of|at)\s+(?i:the\s+)?(?P<org>[A-Z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*)*)",
              r"(?P<org>[A-Z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*)*)(?:'s|’s)\s+(?i:(?:current|new|former|present)\s+)?{role}"),
    org_has_role=(r"\b(?i:does|did|has)\s+(?!(?i:an?|any|every|each|my|our|your|their|its)\s)(?P<org>[\w&.'’ -]{2,40}?)\s+"
                  r"(?i:have|had|employ|use|need)\s+(?i:(?:a|an|any|its\s+own)\s+)?{role}",),
    generic_orgs=frozenset("company companies business businesses firm firms startup startups organization organizations "
                           "organisation organisations enterprise enterprises corporation corporations team teams "
                           "agency agencies bank banks hospital hospitals school schools university universities "
                           "government governments department departments group groups board c-suite it".split()),
    unit_names={"percent": "a percentage", "money": "an amount of money", "hours": "a number of hours",
                "days": "a number of days", "weeks": "a number of weeks", "months": "a number of months",
                "years": "a number of years", "count": "a number", "any": "a number",
                "date": "a year or date"},
    answer_markers={
        "why": ("because", "since", "so that", "therefore", "due to", "as a result"),
        "contrast": ("while", "whereas", "whilst"),  # a sentence setting one role against the other
    },
    introductions=(r"i['’]?m\s+{name}", r"i\s+am\s+{name}", r"my\s+name\s+is\s+{name}", r"call\s+me\s+{name}",
                   r"{name}\s+here"),
    small_talk={
        "greeting": ("how are you", "how are you doing", "how is it going", "how's it going", "hi", "hello",
                     "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening", "greetings"),
        "thanks": ("thanks", "thank you", "thank you very much", "thanks a lot", "many thanks", "thx", "ty",
                   "cheers", "great", "ok", "okay", "cool", "nice", "perfect", "awesome", "excellent"),
        "bye": ("bye", "goodbye", "good bye", "bye bye", "see you", "see ya", "good night"),
        "extra": ("there", "bot", "again", "so much", "a lot", "very much", "for the help", "for your help",
                  "that was helpful", "that helped", "that helps", "very helpful", "today", "everyone",
                  "everybody", "all", "folks", "guys", "friend", "a million", "for the answer",
                  "for your answer", "for the answers", "for the info", "for the information", "for answering",
                  "really", "helpful"),
    },
    ui={
        "greeting": "Hello! I answer questions about the roles of the CIO and the CTO by quoting five "
                    "articles (English, German, Hungarian). Ask, for example: “What does a CTO do?”",
        "thanks": "You're welcome! Ask another question about the CIO and the CTO whenever you like.",
        "bye": "Goodbye! Come back with any question about the CIO and the CTO.",
        "not_covered": "It looks like the articles do not cover this question: none of their passages reads "
                       "like an answer (the closest ones are below, in case one helps).",
        "not_mentioned": "The articles do not mention {terms}, so they do not cover this question.",
        "in_passing": "The articles mention {terms} only in passing, so they do not cover this question.",
        "term_quotes": "“”",  # around each term a refusal names, as typed
        "terms_or": "or",  # before the last of several
        "no_holder": "The articles do not say who holds this role at {org}, so they do not answer this question.",
        "no_org_amount": "The articles give no figures for this role at {org}, so they do not answer this question.",
        "no_amount": "The articles do not seem to give this figure: none of the sentences closest to the "
                     "question states {unit} (the closest passages are below, in case one helps).",
        "sources": "Sources",
        "unsure": "The articles may not answer this exactly. The closest they come:",
        "read_with": "Read with your previous question: “{question}”",
        "read_as": "Read as: “{question}”",
        "also": "Another sentence that may answer too",
        "closest": "Closest passages (not an answer)",
        "open": "Open in the article",
        "source": "Read it where it was published",
        "intro": "Introduction",
        "page_title": "CIO vs CTO — ask the articles",
        "page_intro": "Answers are quoted from five articles, with the source one click away. "
                      "English, Deutsch, magyar.",
        "chat_placeholder": "Ask about the roles of the CIO and the CTO, or pick an example.",
        "box_placeholder": "Ask about the CIO and CTO roles…",
        "box_label": "Your question",
        "ask": "Ask",
        "settings": "Settings",
        "passages": "Passages to cite",
        "how": "How passages are found",
        "how_info": "The default finds the right passage most often; the others are there to compare with.",
        "retriever_hybrid": "Best: meaning + keywords, all three languages (hybrid)",
        "retriever_e5": "Meaning only, all three languages (e5)",
        "retriever_bm25": "Keywords only (BM25)",
        "retriever_dense": "Meaning only, English model (dense: MiniLM; the first question loads it, "
                           "which can take half a minute)",
        "retriever_rrf": "Meaning + keywords + English model, rank fusion (RRF)",
        "retriever_hybrid_sparse": "Best + e5's latent terms (hybrid_sparse: slower, the first question loads "
                                   "a second model)",
        "reader_title": "Article",
        "reader_empty": "Pick a citation chip under an answer to read the passage in its article.",
        "pending": "Searching the articles…",
        "no_words": "The question has no words to search for (only symbols or emoji); type a question about the articles.",
        "empty": "The question is empty; type a question about the articles.",
        "too_long": "Your question is {n} characters long; please shorten it to {limit} or fewer. It is still in the box.",
        "name_en": "English",
        "name_de": "German",
        "name_hu": "Hungarian",
        "back": "Back to the conversation",
        "no_vote": "Votes are for answers from the articles; this reply is not one, so your vote was not "
                   "saved.",
        "other_language": "I can read questions in English, German and Hungarian; this one looks like {language}. "
                          "Please ask again in one of those languages. The closest passages are below.",
    },
    role_as_object=r"\b(?:to|than)\s+(?:(?:the|a|an)\s+)?C[IT]Os?\b",
    follow_up=(r"^\s*(?:and|what\s+about|how\s+about|and\s+what\s+about)\b",
               r"\b(?:he|she|his|her|him|they|them|their|that\s+role|this\s+role|the\s+other\s+one)\b"),
    definition=(  # "What is cloud computing?", "What does MBA stand for?"; not "What is the salary?" (a value)
        r"^\s*(?:what(?:'s|’s|\s+is|\s+are)|define)\s+(?!the\s)(?:an?\s+)?"
        r"(?P<term>[^\W\d_][^?!.,;:]{1,48}?)\s*\??\s*$",
        r"^\s*what\s+does\s+(?:(?:an?|the)\s+)?(?P<term>[^\W\d_][^?!.,;:]{1,48}?)\s+(?:mean|stand\s+for)\s*\??\s*$",
    ),
)
