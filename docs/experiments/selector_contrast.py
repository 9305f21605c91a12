"""Experiment (issue 10, dev only): a selector feature for comparison questions: the question asks for a
difference or comparison (cue type ``compare`` in any of our languages) and the sentence sets the two
roles against each other (it names both and has a contrast word: "while", "während", "míg"). A
browser pass found "Mi a különbség a CIO és a CTO között?" answered with a sentence that only says
the roles differ, while "Míg a CIO a belső szervezetre összpontosít, addig a CTO …" answers.

5-fold CV within dev, 20 fold seeds, paired against the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_contrast.py
"""
import re
import sys

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv  # noqa: E402

from qa.key_terms import roles_named  # noqa: E402
from qa.languages import LANGUAGES  # noqa: E402
from qa.languages import get as language  # noqa: E402
from qa.stages.select import FEATURES  # noqa: E402

W = re.compile(r"[^\W_]+")


def contrast_features(q, st, sel, i, row):
    words = [w.lower() for w in W.findall(q.question)]
    compare = any("compare" in language(c).cue_types(words) for c in LANGUAGES)
    both = {"cio", "cto"} <= roles_named(sel._texts[i])
    return [float(compare and both and bool(sel._contrast[i])), float(compare and both)]


eng, X, y, G = dev_selector_rows(contrast_features)
names = list(FEATURES) + ["contrast_match", "both_match"]
for c, label in ((-2, "contrast_match"), (-1, "both_match")):
    m = X[:, c] == 1
    print(f"{label}: {int(m.sum())} candidates, answers among them {y[m].mean():.3f} (else {y[~m].mean():.3f})")


n = len(FEATURES)
feature_cv(X, y, G, names, [("+ contrast_match", [n]), ("+ both_match", [n + 1]), ("+ both", [n, n + 1])])
