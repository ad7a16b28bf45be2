"""The agreement benchmark: 5 annotators × 1,000 documents × 50 spans each.

    scripts/bench-agree            # the full run; writes bench/results/agree.json
    scripts/bench-agree --quick    # 20 documents, one repetition (run by scripts/test)

Each annotator's file is a factmark native file of the same 1,000 documents (about 400
words each, made deterministically), 50 spans per document: most shared with the
others, some moved, relabelled or their own. `factmark agree --json` runs as its own
process under /usr/bin/time, one warm-up and five counted; the median wall time and
peak memory cover everything: reading and checking the 5 files, tokenizing, every
pair's F1 and kappa, alpha, per document and for the corpus, and the JSON written.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from convert import make_text  # noqa: E402  the same pseudo-words as the conversion benchmark

LABELS = ["Claim", "Figure", "Actor"]
ANNOTATORS = ["ana", "boris", "chen", "dana", "emil"]


def words(text):
    out, start = [], None
    for i, c in enumerate(text + " "):
        if not c.isspace() and start is None:
            start = i
        elif c.isspace() and start is not None:
            out.append((start, i))
            start = None
    return out


def make_files(folder, documents, spans):
    rng = random.Random(11)
    texts = [make_text(rng, 400) for _ in range(documents)]
    # The spans everyone starts from: 50 per document, in 50 slots of words.
    base = []
    for text in texts:
        ws = words(text)
        slot = len(ws) // spans
        marks = []
        for k in range(spans):
            i = k * slot + rng.randrange(max(1, slot - 3))
            j = min(len(ws) - 1, i + rng.randint(0, 2))
            marks.append((ws[i][0], ws[j][1], rng.choice(LABELS)))
        base.append((ws, marks))
    paths = []
    for who in ANNOTATORS:
        lines = []
        for text, (ws, marks) in zip(texts, base):
            own = []
            for (s, e, label) in marks:
                roll = rng.random()
                if roll < 0.1:
                    label = rng.choice(LABELS)  # relabelled
                elif roll < 0.2:
                    e = next((b for (a, b) in ws if a > e), e)  # one word longer
                own.append([s, e, label])
            lines.append(json.dumps({"text": text, "label": own}, ensure_ascii=False))
        # As doccano JSON Lines, made native by the CLI: the benchmark reads native files.
        jsonl = folder / f"{who}.jsonl"
        jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
        native = folder / f"{who}.json"
        subprocess.run([FACTMARK, "convert", str(jsonl), "--to", "native", "-o", str(native)], check=True, capture_output=True)
        data = json.loads(native.read_text(encoding="utf-8"))
        for annotation in data["annotations"]:
            annotation["annotator"] = who
        native.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(native)
    return paths


def timed(paths):
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", FACTMARK, "agree", "--json", *map(str, paths)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert run.returncode == 0, run.stderr
    peak_kib = int(run.stderr.strip().splitlines()[-1])
    return seconds, peak_kib / 1024, json.loads(run.stdout)


def main():
    global FACTMARK
    parser = argparse.ArgumentParser()
    parser.add_argument("factmark")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default="bench/results/agree.json")
    args = parser.parse_args()
    FACTMARK = args.factmark
    documents, reps = (20, 1) if args.quick else (1000, 5)
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_files(Path(tmp), documents, 50)
        if not args.quick:
            timed(paths)  # warm-up
        runs = [timed(paths) for _ in range(reps)]
    report = runs[0][2]
    assert len(report["annotators"]) == 5 and len(report["corpus"]["pairs"]) == 10
    assert len(report["documents"]) == documents
    spans = report["corpus"]["pairs"][0]["spans"][0]
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "annotators": 5, "documents": documents, "spans_per_annotator": spans,
        "seconds": statistics.median(r[0] for r in runs), "runs_seconds": [r[0] for r in runs],
        "peak_mib": statistics.median(r[1] for r in runs),
        "alpha": report["corpus"]["alpha"]["overall"],
    }
    print(f"agree: 5 annotators × {documents} documents × {spans // documents} spans: "
          f"{result['seconds']:.3f} s (median of {reps}), {result['peak_mib']:.0f} MiB; alpha {result['alpha']:.3f}")
    if not args.quick:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
