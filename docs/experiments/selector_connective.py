"""Experiment (issue 10, dev only): a selector feature for a sentence that opens with a connective
("Additionally, …", "However, …", "Außerdem …", "Ezenkívül …"): it leans on a sentence before it,
which the reader of a lead sentence has not seen (a browser review found the Hungarian example
answered "Ezenkívül a CTO felelős …", "In addition, the CTO is responsible …").

5-fold CV within dev, 20 fold seeds, paired against the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_connective.py
"""
import re
import sys

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv  # noqa: E402

from qa.stages.select import FEATURES  # noqa: E402

CONNECTIVE_RE = re.compile(
    r"(?:additionally|also|furthermore|moreover|however|in addition|besides|therefore|thus|similarly|likewise|"
    r"on the other hand|as a result|außerdem|zudem|darüber hinaus|ebenso|jedoch|allerdings|deshalb|daher|"
    r"ezenkívül|emellett|továbbá|azonban|ugyanakkor|ezért|viszont|is)\b", re.IGNORECASE)

eng, X, y, G = dev_selector_rows(lambda q, st, sel, i, row: [float(bool(CONNECTIVE_RE.match(sel._texts[i].lstrip("- "))))])
names = list(FEATURES) + ["connective"]
print("candidates opening with a connective:", int(X[:, -1].sum()), "of", len(y), "; answers among them",
      int(y[X[:, -1] == 1].sum()), f"({y[X[:, -1] == 1].mean():.3f} vs {y[X[:, -1] == 0].mean():.3f} otherwise)")


feature_cv(X, y, G, names, [("+ connective", [len(FEATURES)])])
