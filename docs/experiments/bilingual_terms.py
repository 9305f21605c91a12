"""Experiment: mine a bilingual term table from the corpus with e5 word vectors (mutual nearest neighbours)."""
import re, time, json, collections
import numpy as np
from qa.retrieval import Engine
from qa.language import analyze

eng = Engine.load("corpus", "index")
W = re.compile(r"[^\W\d_]{3,}")
words = collections.defaultdict(collections.Counter)  # lang -> surface word counts
for c in eng.store.chunks:
    for w in W.findall(c.text):
        words[c.lang][w.lower()] += 1
stem_words = {}
for lang, cnt in words.items():
    d = collections.defaultdict(list)
    for w, n in cnt.items():
        t = analyze(w, lang)
        if len(t) == 1:
            d[t[0]].append((n, w))
    stem_words[lang] = d
    print(lang, len(cnt), "words", len(d), "stems")
emb = eng.embedders["e5"]
t = time.time()
vec = {}
for lang, d in stem_words.items():
    stems = sorted(d)
    # each stem: its most frequent surface form
    surf = [max(d[s])[1] for s in stems]
    V = np.vstack([emb.embed_queries(surf[i:i + 64]) for i in range(0, len(surf), 64)])
    vec[lang] = (stems, surf, V)
print("embedded in", round(time.time() - t, 1), "s")
table = collections.defaultdict(dict)
for a in vec:
    for b in vec:
        if a >= b:
            continue
        sa, wa, Va = vec[a]; sb, wb, Vb = vec[b]
        S = Va @ Vb.T
        ab, ba = S.argmax(1), S.argmax(0)
        pairs = [(i, ab[i], S[i, ab[i]]) for i in range(len(sa)) if ba[ab[i]] == i]
        pairs.sort(key=lambda p: -p[2])
        print(a, b, len(pairs), "mutual pairs")
        for i, j, s in pairs[:: max(1, len(pairs) // 40)]:
            print(f"   {s:.3f} {wa[i]} <-> {wb[j]}")
        for i, j, s in pairs:
            table[a + "|" + sa[i]][b] = (sb[j], float(s))
            table[b + "|" + sb[j]][a] = (sa[i], float(s))

for probe in ["en|salari", "hu|fizetés", "de|gehalt", "hu|keres", "en|earn", "de|verdient", "en|report", "de|kund", "hu|ügyfel"]:
    print(probe, table.get(probe))
