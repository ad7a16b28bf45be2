"""factmark's learned tagger side by side with sklearn-crfsuite (issue 17).

The same CoNLL files, the same split (the sentences in order, the first 70% to train on,
the rest to tag), the same features (factmark_core::tagger::features, written again
here: the word lower-cased, its shape, first and last 1-3 characters, upper case, title
case, digits, the lower-cased words two either side or the sentence's ends, the
neighbours' title and upper case, and a gazetteer of the training entities' words for
the token and its neighbours), and the same scorer (seqeval, entity-level exact match,
as conlleval). factmark's predictions come from `cargo run --example tagger_conll`
(PRED, one `word\tgold\tpredicted` per line); sklearn-crfsuite is trained here with
L-BFGS, c1 = c2 = 0.1, 100 iterations, all transitions.

    python bench/tagger/crfsuite.py PRED TIMING.json OUT.json FILE...
"""

import json
import os
import sys
import time

import sklearn_crfsuite
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score


def read(paths):
    sentences = [[]]
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f.read().splitlines():
                parts = line.split("\t")
                if len(parts) >= 2 and parts[0]:
                    sentences[-1].append((parts[0], parts[1].strip()))
                else:
                    sentences.append([])
        sentences.append([])
    return [s for s in sentences if s]


def shape(word):
    out = ""
    for c in word:
        cls = "X" if c.isupper() else "x" if c.islower() else "d" if c.isnumeric() else c
        if not out.endswith(cls):
            out += cls
    return out


def is_upper(w):
    return any(c.isalpha() for c in w) and not any(c.islower() for c in w)


def is_title(w):
    return w[:1].isupper()


def features(words, i, gazetteer):
    word = words[i]
    lower = word.lower()
    f = {"bias": 1.0, "lower=" + lower: 1.0, "shape=" + shape(word): 1.0}
    for k in (1, 2, 3):
        if len(lower) >= k:
            f["prefix%d=%s" % (k, lower[:k])] = 1.0
            f["suffix%d=%s" % (k, lower[-k:])] = 1.0
    if is_upper(word):
        f["upper"] = 1.0
    if is_title(word):
        f["title"] = 1.0
    if all(c.isnumeric() for c in word):
        f["digit"] = 1.0
    for offset in (-2, -1, 1, 2):
        at = i + offset
        if 0 <= at < len(words):
            w = words[at]
            f["%+d:lower=%s" % (offset, w.lower())] = 1.0
            if abs(offset) == 1:
                if is_title(w):
                    f["%+d:title" % offset] = 1.0
                if is_upper(w):
                    f["%+d:upper" % offset] = 1.0
        else:
            f["%+d:lower=%s" % (offset, "<s>" if offset < 0 else "</s>")] = 1.0
    for label in gazetteer.get(lower, ()):
        f["gaz=" + label] = 1.0
    for offset in (-1, 1):
        at = i + offset
        if 0 <= at < len(words):
            for label in gazetteer.get(words[at].lower(), ()):
                f["%+d:gaz=%s" % (offset, label)] = 1.0
    return f


def gazetteer_of(sentences):
    gazetteer = {}
    for sentence in sentences:
        label = None
        for word, tag in sentence:
            if tag.startswith("B-"):
                label = tag[2:]
            elif not (tag.startswith("I-") and tag[2:] == label):
                label = None
            if label and any(c.isalnum() for c in word):
                gazetteer.setdefault(word.lower(), set()).add(label)
    return gazetteer


def scores(gold, predicted):
    return {
        "precision": round(precision_score(gold, predicted), 4),
        "recall": round(recall_score(gold, predicted), 4),
        "f1": round(f1_score(gold, predicted), 4),
    }


def main():
    pred_path, timing_path, out_path, *files = sys.argv[1:]
    sentences = read(files)
    split = len(sentences) * 7 // 10
    train, test = sentences[:split], sentences[split:]

    started = time.perf_counter()
    gazetteer = {} if os.environ.get("NO_GAZETTEER") else gazetteer_of(train)
    x_train = [[features([w for w, _ in s], i, gazetteer) for i in range(len(s))] for s in train]
    y_train = [[t for _, t in s] for s in train]
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=100, all_possible_transitions=True)
    crf.fit(x_train, y_train)
    crf_train_ms = (time.perf_counter() - started) * 1000
    x_test = [[features([w for w, _ in s], i, gazetteer) for i in range(len(s))] for s in test]
    gold = [[t for _, t in s] for s in test]
    crf_predicted = crf.predict(x_test)

    with open(pred_path, encoding="utf-8") as f:
        blocks = [b for b in f.read().split("\n\n") if b.strip()]
    factmark_predicted = [[line.split("\t")[2] for line in b.splitlines()] for b in blocks]
    factmark_gold = [[line.split("\t")[1] for line in b.splitlines()] for b in blocks]
    if factmark_gold != gold:
        sys.exit("factmark's predictions are not of the same test sentences")

    with open(timing_path, encoding="utf-8") as f:
        timing = json.load(f)
    ours_scores = scores(gold, factmark_predicted)
    theirs = scores(gold, crf_predicted)
    result = {
        "corpus": "WNUT-17 emerging entities (test.annotated then dev), first 70% of sentences to train",
        "gazetteer": bool(gazetteer),
        "train_sentences": len(train),
        "train_tokens": sum(map(len, train)),
        "test_sentences": len(test),
        "test_tokens": sum(map(len, test)),
        "factmark": {**ours_scores, "train_ms": timing["train_ms"], "epochs": timing["epochs"]},
        "sklearn_crfsuite": {**theirs, "train_ms": round(crf_train_ms, 1)},
        "f1_ratio": round(ours_scores["f1"] / theirs["f1"], 4) if theirs["f1"] else None,
        "per_label": {
            "factmark": classification_report(gold, factmark_predicted, output_dict=True, zero_division=0),
            "sklearn_crfsuite": classification_report(gold, crf_predicted, output_dict=True, zero_division=0),
        },
    }
    for side in result["per_label"].values():
        for row in side.values():
            for k in list(row):
                row[k] = round(float(row[k]), 4)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(
        "factmark F1 %.3f (trained in %.0f ms), sklearn-crfsuite F1 %.3f (%.0f ms): %.1f%%"
        % (ours_scores["f1"], timing["train_ms"], theirs["f1"], crf_train_ms, 100 * (result["f1_ratio"] or 0))
    )


if __name__ == "__main__":
    main()
