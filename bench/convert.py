"""The conversion benchmark: 1,000,000 annotations over 10,000 documents, from a
factmark native file to every output format, against the same conversion to a spaCy
DocBin written with spaCy's own Python API, side by side in one run.

    scripts/bench-convert            # the full run; writes bench/results/convert.json
    scripts/bench-convert --quick    # 100 documents, one repetition (run by scripts/test)

One warm-up round, then five counted, interleaved. Each conversion runs as its own
process under /usr/bin/time, so wall time and peak
memory (maximum resident set size) cover everything: reading and checking the
native file, converting, writing. Medians of the repetitions are reported.
"""

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ["w3c", "spacy", "spacy-jsonl", "hf", "conll", "prodigy", "doccano", "labelstudio", "brat", "csv", "native"]
SYLLABLES = ["ka", "ro", "mi", "tesh", "lo", "vin", "dra", "po", "sek", "ul", "ne", "bar", "zo", "gri", "fa", "ton"]
EXTRA = ["Минск", "Лукашенко", "войска", "🇧🇾", "🇺🇦", "café", "12,000", "—", "«Вагнер»"]
LABELS = ["Claim", "Figure", "Actor"]


def make_text(rng, words):
    out, line = [], 0
    for i in range(words):
        if rng.random() < 0.03:
            word = rng.choice(EXTRA)
        else:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
        out.append(word)
        line += 1
        if line > 12 and rng.random() < 0.08:
            out.append(".\r\n" if rng.random() < 0.3 else ".\n")
            line = 0
        elif i + 1 < words:
            out.append(" ")
    return "".join(out) + ".\n"


def word_spans(text):
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace() or ch == ".":
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    return spans


def make_project(path, documents, per_document, seed=7):
    """A native factmark file, written as it streams out (the generator never holds it all)."""
    rng = random.Random(seed)
    stamp = "2026-11-24T09:30:00.000Z"
    total = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"format":"factmark","version":1,"labels":[')
        out.write(",".join(json.dumps({"name": n, "color": c, "hotkey": k}) for n, c, k in
                           [("Claim", "#e8590c", "1"), ("Figure", "#1c7ed6", "2"), ("Actor", "#2f9e44", "3")]))
        out.write('],"documents":[')
        texts = []
        for d in range(documents):
            text = make_text(rng, 320)
            texts.append(text)
            doc_id = f"doc{d:05}"
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            out.write(("," if d else "") + json.dumps(
                {"id": doc_id, "title": f"Document {d}", "sha256": sha, "source": {"kind": "pasted"},
                 "status": "in-progress", "text": text}, ensure_ascii=False))
        out.write('],"annotations":[')
        for d, text in enumerate(texts):
            words = word_spans(text)
            for n in range(per_document):
                i = rng.randrange(len(words))
                j = min(len(words) - 1, i + rng.randrange(3))
                s, e = words[i][0], words[j][1]
                a = {"id": f"a{d}-{n}", "document": f"doc{d:05}", "start": s, "end": e,
                     "label": LABELS[n % 3], "quote": text[s:e], "prefix": text[max(0, s - 32):s],
                     "suffix": text[e:e + 32], "note": "", "annotator": "bench", "created": stamp,
                     "updated": stamp}
                out.write(("," if total else "") + json.dumps(a, ensure_ascii=False))
                total += 1
        out.write("]}\n")
    return total


SPACY_BASELINE = r'''
import json, sys
import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans
source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    project = json.load(f)
nlp = spacy.blank("xx")
by_doc = {}
for a in project["annotations"]:
    by_doc.setdefault(a["document"], []).append(a)
db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"])
for d in project["documents"]:
    doc = nlp.make_doc(d["text"])
    spans = []
    for a in by_doc.get(d["id"], []):
        span = doc.char_span(a["start"], a["end"], label=a["label"], alignment_mode="strict")
        if span is not None:
            spans.append(span)
    doc.spans["sc"] = spans
    doc.ents = filter_spans(spans)
    db.add(doc)
db.to_disk(target)
'''


def timed(args):
    """Runs `args` under /usr/bin/time: (seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{done.stderr[-2000:]}")
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("factmark")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default="bench/results/convert.json")
    args = parser.parse_args()
    documents, per_document, reps = (100, 100, 1) if args.quick else (10_000, 100, 5)
    work = Path(tempfile.mkdtemp(prefix="factmark-bench-"))
    project = work / "project.json"
    started = time.perf_counter()
    total = make_project(project, documents, per_document)
    size = project.stat().st_size / 1e6
    print(f"{total:,} annotations over {documents:,} documents: {size:.0f} MB native file "
          f"(made in {time.perf_counter() - started:.0f} s)", flush=True)
    baseline = work / "baseline.py"
    baseline.write_text(SPACY_BASELINE)
    runs = {}
    # One warm-up round, not counted: on a virtual machine the first touch of a
    # gigabyte of memory costs more than any later run.
    for rep in range(-1 if not args.quick else 0, reps):
        for fmt in FORMATS:
            out = work / f"out-{fmt}"
            sample = timed([args.factmark, "convert", project, "--to", fmt, "-o", out])
            if rep >= 0:
                runs.setdefault(f"factmark {fmt}", []).append(sample)
            print(".", end="", flush=True)
        sample = timed([sys.executable, baseline, project, work / "baseline.spacy"])
        if rep >= 0:
            runs.setdefault("spaCy Python API → DocBin", []).append(sample)
        print("|", end="", flush=True)
    print()
    results = {}
    for name, samples in runs.items():
        results[name] = {
            "seconds": statistics.median(s for s, _ in samples),
            "peak_mib": statistics.median(m for _, m in samples),
            "raw": samples,
        }
    spacy_s = results["spaCy Python API → DocBin"]["seconds"]
    ours_s = results["factmark spacy"]["seconds"]
    print(f"\n| conversion | median wall time | peak memory |\n|---|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['seconds']:.2f} s | {r['peak_mib']:.0f} MiB |")
    print(f"\nfactmark → DocBin is {spacy_s / ours_s:.1f}× faster than spaCy's Python API "
          f"({ours_s:.2f} s against {spacy_s:.2f} s)")
    record = {
        "annotations": total, "documents": documents, "native_mb": size, "repetitions": reps,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "results": results, "speedup_docbin_vs_spacy": spacy_s / ours_s,
    }
    shutil.rmtree(work, ignore_errors=True)
    if not args.quick:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(record, indent=2) + "\n")
        print(f"written to {args.out}")
    else:
        # The quick check proves the harness runs and the outputs load.
        assert all(r["seconds"] > 0 for r in results.values())


if __name__ == "__main__":
    main()
