"""factmark's agreement figures, checked against the reference implementations.

Run by scripts/test with the Python environment scripts/bootstrap makes:

    python consumers/check_agreement.py path/to/factmark corpus/

It writes annotators' files (doccano JSON Lines: no annotator names, so each file is
one annotator) over the bundled articles and a hostile text, in several cases — random
work by three annotators, one of whom left documents out (missing data for alpha);
one label only; nobody marking anything; total disagreement — runs
`factmark agree --json --tokens`, and checks every figure:

- Cohen's kappa per pair, overall and per label, equals scikit-learn's
  `cohen_kappa_score` on the token categories factmark reports (per label: has the
  label or not), over the documents both annotators have.
- Krippendorff's alpha, overall and per label, equals `krippendorff.alpha(...,
  level_of_measurement="nominal")` with every token of every compared document a unit
  and a missing value (NaN) for an annotator without the document.
- Exact and overlap span F1 equal a direct count in Python from the files.
- Where the reference gives NaN (undefined), factmark gives null.
"""

import json
import math
import random
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

HOSTILE = (
    "Минск, 24 февраля.\r\nЛукашенко 👨\u200d👩\u200d👧 said 🇧🇾 troops\u00a0moved — cafe\u0301 𠜎 שלום.\r\n\r\n"
    "«Войска» 12\u00a0000 🪖 and 🇺🇦 flags; naïve co\u0308operation, 1,200 troops.\r\n"
)
LABELS = ["Claim", "Figure", "Actor"]
TOLERANCE = 1e-9


def words(text):
    """Word-ish spans (code points), to mark whole words or runs of them."""
    out, start = [], None
    for i, c in enumerate(text + " "):
        if c.isalnum() and start is None:
            start = i
        elif not c.isalnum() and start is not None:
            out.append((start, i))
            start = None
    return out


def random_work(texts, rng, labels, keep=1.0):
    """Per text (or None when left out): a list of [start, end, label]."""
    work = []
    for text in texts:
        if rng.random() > keep:
            work.append(None)
            continue
        spans = []
        ws = words(text)
        for _ in range(rng.randint(0, max(1, len(ws) // 12))):
            i = rng.randrange(len(ws))
            j = min(len(ws) - 1, i + rng.randint(0, 3))
            spans.append([ws[i][0], ws[j][1], rng.choice(labels)])
        work.append(spans)
    return work


def write(folder, name, texts, work):
    path = folder / f"{name}.jsonl"
    lines = [json.dumps({"text": t, "label": spans}, ensure_ascii=False) for t, spans in zip(texts, work) if spans is not None]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def same(ours, reference, what):
    if reference is None or (isinstance(reference, float) and math.isnan(reference)):
        assert ours is None, f"{what}: factmark {ours}, reference undefined"
        return
    assert ours is not None, f"{what}: factmark undefined, reference {reference}"
    assert abs(ours - reference) < TOLERANCE, f"{what}: factmark {ours}, reference {reference}"


def kappa(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(x, y)
    return float(value)


def alpha(rows):
    """Krippendorff's alpha (nominal) of an annotators × units matrix with NaN gaps."""
    data = np.array(rows, dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        return float("nan")  # one value in the whole domain: undefined


def spans_f1(a, b):
    """Exact and overlap F1 from two annotators' span sets (lists of (doc, start, end, label))."""
    a, b = sorted(set(a)), sorted(set(b))  # the same span and label twice is one mark
    if not a and not b:
        return None, None
    exact = len(set(a) & set(b))
    exact_f1 = 2 * exact / (len(a) + len(b))

    def found(xs, ys):
        return sum(1 for (d, s, e, l) in xs if any(d == d2 and l == l2 and s < e2 and s2 < e for (d2, s2, e2, l2) in ys))

    recall = found(a, b) / len(a) if a else 0.0
    precision = found(b, a) / len(b) if b else 0.0
    partial = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return exact_f1, partial


def check(factmark, folder, texts, annotators, case):
    """Writes each annotator's work, runs `agree`, and checks every figure."""
    paths = [write(folder, f"{case}-{name}", texts, work) for name, work in annotators.items()]
    run = subprocess.run([factmark, "agree", "--json", "--tokens", *map(str, paths)], capture_output=True, text=True)
    assert run.returncode == 0, f"{case}: {run.stderr}"
    report = json.loads(run.stdout)
    names = [p.name for p in paths]
    assert report["annotators"] == sorted(names), report["annotators"]
    labels = report["labels"]
    tables = report["tokens"]
    checked = 0

    # Kappa per pair, on the documents both have, tokens concatenated.
    for pair in report["corpus"]["pairs"]:
        a, b = pair["a"], pair["b"]
        shared = [t for t in tables if a in t["categories"] and b in t["categories"]]
        x = [c for t in shared for c in t["categories"][a]]
        y = [c for t in shared for c in t["categories"][b]]
        same(pair["kappa"]["overall"], kappa(x, y), f"{case} {a}/{b} kappa")
        for label in labels:
            has = lambda cs: [label in c.split("+") for c in cs]  # noqa: E731
            same(pair["kappa"]["labels"][label], kappa(has(x), has(y)), f"{case} {a}/{b} kappa {label}")
        checked += 1 + len(labels)

    # Alpha: every token of every compared document a unit, NaN where an annotator
    # does not have the document.
    everyone = report["annotators"]
    categories = sorted({c for t in tables for cs in t["categories"].values() for c in cs})
    code = {c: i for i, c in enumerate(categories)}

    def matrix(value):
        return [[value(t["categories"][who][i]) if who in t["categories"] else math.nan
                 for t in tables for i in range(len(t["tokens"]))] for who in everyone]

    same(report["corpus"]["alpha"]["overall"], alpha(matrix(lambda c: code[c])), f"{case} alpha")
    for label in labels:
        reference = alpha(matrix(lambda c: float(label in c.split("+"))))
        same(report["corpus"]["alpha"]["labels"][label], reference, f"{case} alpha {label}")
    checked += 1 + len(labels)

    # Span F1 from the files themselves, over the documents both annotators have.
    by_name = dict(zip(names, annotators.values()))
    for pair in report["corpus"]["pairs"]:
        wa, wb = by_name[pair["a"]], by_name[pair["b"]]
        both = [i for i in range(len(texts)) if wa[i] is not None and wb[i] is not None]
        spans = lambda w: [(i, s, e, l) for i in both for (s, e, l) in w[i]]  # noqa: E731
        exact, partial = spans_f1(spans(wa), spans(wb))
        same(pair["exact"]["overall"], exact, f"{case} exact F1")
        same(pair["partial"]["overall"], partial, f"{case} overlap F1")
        checked += 2
    return checked


def main():
    factmark, corpus = sys.argv[1], Path(sys.argv[2])
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    texts = [(corpus / a["file"]).read_text(encoding="utf-8") for a in manifest["articles"]] + [HOSTILE]
    rng = random.Random(7)
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {
            "random": {
                "alice": random_work(texts, rng, LABELS),
                "bob": random_work(texts, rng, LABELS),
                "carol": random_work(texts, rng, LABELS, keep=0.6),
            },
            "one-label": {
                "alice": random_work(texts, rng, ["Actor"]),
                "bob": random_work(texts, rng, ["Actor"]),
            },
            "no-spans": {"alice": [[] for _ in texts], "bob": [[] for _ in texts]},
        }
        # Total disagreement: B marks exactly the words A leaves unmarked, and vice versa.
        a_work, b_work = [], []
        for text in texts:
            ws = words(text)
            a_work.append([[s, e, "Claim"] for (s, e) in ws[0::2]])
            b_work.append([[s, e, "Claim"] for (s, e) in ws[1::2]])
        cases["disagreement"] = {"alice": a_work, "bob": b_work}
        for case, annotators in cases.items():
            total += check(factmark, folder, texts, annotators, case)
    print(f"agreement: {total} figures in {len(cases)} cases equal scikit-learn, krippendorff and direct counts")


if __name__ == "__main__":
    main()
