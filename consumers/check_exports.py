"""factmark's exports, loaded by the tools that consume them.

Run by scripts/test with the Python environment scripts/bootstrap makes:

    python consumers/check_exports.py path/to/factmark corpus/

It writes annotations over the bundled articles and a hostile text (emoji, flags,
combining marks, CRLF, Cyrillic, NBSP) — aligned spans, nested and overlapping
ones, and spans that deliberately cut a word — then has the factmark CLI convert
them, and checks:

- spaCy 3: the .spacy DocBin loads with DocBin().from_disk(); each Doc's text is the
  document text; every span factmark kept equals
  doc.char_span(start, end, alignment_mode="strict") of the original offsets and is in
  doc.spans["sc"] with its label; doc.ents are the non-overlapping ones.
- seqeval: the CoNLL file's IOB2 tags are valid in strict IOB2 mode and give exactly
  the expected entities; the Hugging Face export gives the same tags.
- Hugging Face datasets: `load_dataset` on the exported folder (its dataset card) gives
  the rows, and its `ner_tags` ClassLabel names are exactly labels.json.
- label-studio-sdk: its converter reads the Label Studio export (JSON_MIN) and gives
  every span with its offsets, text and label.
- Every span left out is reported by id, for a reason that is true.
"""

import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import os

# The consumers read local files only: no hub, no telemetry.
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import datasets
import spacy
from label_studio_sdk.converter import Converter
from spacy.tokens import DocBin
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, Entities

import spacy_symbols

HOSTILE = (
    "Минск, 24 февраля.\r\nЛукашенко 👨\u200d👩\u200d👧 said 🇧🇾 troops\u00a0moved — cafe\u0301 𠜎 שלום.\r\n\r\n"
    "«Войска» 12\u00a0000 🪖 and 🇺🇦 flags; naïve co\u0308operation, 1,200 troops.\r\n"
)
LABELS = ["Claim", "Figure", "Actor"]
WORD = re.compile(r"\w+(?:[,.]\w+)*|[^\w\s]", re.UNICODE)


def make_spans(text, rng):
    words = [m.span() for m in WORD.finditer(text)]
    spans = []
    for _ in range(min(40, len(words))):
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + rng.randrange(3))
        start, end = words[i][0], words[j][1]
        kind = rng.random()
        if kind < 0.1 and end - start > 3:
            start += 1  # cuts a word: cannot be written in token formats
        spans.append({"start": start, "end": end, "label": rng.choice(LABELS)})
    return spans


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stderr}")
    return done.stderr


def left_out(stderr):
    """Annotation id -> reason, from the CLI's warnings."""
    found = {}
    for line in stderr.splitlines():
        m = re.match(r"warning: document `[^`]+`, annotation `([^`]+)`: left out of the .* file: (.*)", line)
        assert m, f"unexpected CLI output: {line}"
        found[m.group(1)] = m.group(2)
    return found


def read_conll(path):
    """The documents of a CoNLL file: each a list of sentences of (token, tag)."""
    documents, sentence = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            documents.append([])
        elif line == "":
            if sentence:
                documents[-1].append(sentence)
            sentence = []
        else:
            cols = line.split(" ")
            assert len(cols) == 4, f"four columns: {line!r}"
            sentence.append((cols[0], cols[3]))
    return documents


def main(factmark, corpus):
    symbols = Path(__file__).parent.parent / "crates/core/src/format/spacy_symbols.txt"
    assert symbols.read_text(encoding="utf-8") == spacy_symbols.table(), (
        "spaCy's symbol table changed: regenerate crates/core/src/format/spacy_symbols.txt"
    )
    rng = random.Random(2026)
    texts = [p.read_bytes().decode("utf-8") for p in sorted(Path(corpus).glob("*.txt"))]
    texts.append(HOSTILE)
    assert "\r\n" in HOSTILE
    lines = [{"text": t, "spans": make_spans(t, rng)} for t in texts]
    work = Path(tempfile.mkdtemp(prefix="factmark-consumers-"))
    source = work / "in.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    run(factmark, "convert", source, "--to", "native", "-o", work / "project.json")
    project = json.loads((work / "project.json").read_text(encoding="utf-8"))
    annotations = {a["id"]: a for a in project["annotations"]}
    texts_by_doc = {d["id"]: d["text"] for d in project["documents"]}
    assert len(annotations) == sum(len(line["spans"]) for line in lines)

    # spaCy DocBin.
    spacy_left = left_out(run(factmark, "convert", work / "project.json", "--to", "spacy", "--all-notices", "--notice-ids", "-o", work / "out.spacy"))
    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(work / "out.spacy").get_docs(nlp.vocab))
    assert [d.text for d in docs] == [d["text"] for d in project["documents"]], "Doc texts are the document texts"
    checked = 0
    for doc_entry, doc in zip(project["documents"], docs):
        sc = {(s.start_char, s.end_char, s.label_) for s in doc.spans.get("sc", [])}
        expected = set()
        for a in (a for a in project["annotations"] if a["document"] == doc_entry["id"]):
            span = doc.char_span(a["start"], a["end"], alignment_mode="strict")
            if a["id"] in spacy_left:
                assert span is None, f"{a['id']} was left out but aligns: {spacy_left[a['id']]}"
                assert "inside the token" in spacy_left[a["id"]] or "white space" in spacy_left[a["id"]]
                continue
            assert span is not None, f"{a['id']} {a['quote']!r} is not on spaCy token boundaries"
            assert span.text == a["quote"]
            expected.add((span.start_char, span.end_char, a["label"]))
            checked += 1
        assert sc == expected, f"doc.spans['sc'] differs: {sc ^ expected}"
        ents = sorted((e.start_char, e.end_char) for e in doc.ents)
        assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:])), "ents do not overlap"
        assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} <= sc
    assert spacy_left, "the fixture has spans off token boundaries"
    print(f"spaCy {spacy.__version__}: {len(docs)} Docs, {checked} spans equal char_span(strict); "
          f"{len(spacy_left)} reported and left out")

    # spaCy relations (issue 16): in doc.user_data as the relation-extraction tutorial
    # keeps them, doc._.rel[(head start, child start)][label], loaded with
    # DocBin(store_user_data=True); every relation within a document is found.
    golden = Path(__file__).parent.parent / "crates/core/tests/golden/native-v3.json"
    run(factmark, "convert", golden, "--to", "spacy", "-o", work / "rel.spacy")
    gold = json.loads(golden.read_text(encoding="utf-8"))
    if not spacy.tokens.Doc.has_extension("rel"):
        spacy.tokens.Doc.set_extension("rel", default={})
    rel_docs = list(DocBin(store_user_data=True).from_disk(work / "rel.spacy").get_docs(nlp.vocab))
    by_id = {a["id"]: a for a in gold["annotations"]}
    symmetric = {t["name"] for t in gold["relationTypes"] if t.get("symmetric")}
    found = 0
    for doc_entry, doc in zip(gold["documents"], rel_docs):
        # An annotation's first token, found by its label and words among the Doc's
        # spans: the Doc holds the article alone (text set aside as not the article
        # is left out of its tokens), so the file's offsets may not be the Doc's.
        spans = {(s.label_, s.text): s.start for s in doc.spans.get("sc", [])}
        start = lambda a: spans[(a["label"], a["quote"])]
        expected = set()
        for r in gold["relations"]:
            f, t = by_id[r["from"]], by_id[r["to"]]
            if f["document"] == t["document"] == doc_entry["id"]:
                expected.add((start(f), start(t), r["type"]))
                if r["type"] in symmetric:
                    expected.add((start(t), start(f), r["type"]))
        got = {(h, c, label) for (h, c), labels in doc._.rel.items() for label, v in labels.items() if v == 1.0}
        assert got == expected, f"doc._.rel differs: {got ^ expected}"
        found += len(got)
    assert found >= 2, "the golden file's relations within a document are there"
    print(f"spaCy {spacy.__version__}: DocBin(store_user_data=True) gives doc._.rel with all {found} relations")

    # CoNLL IOB2 through seqeval.
    conll_left = left_out(run(factmark, "convert", work / "project.json", "--to", "conll", "--all-notices", "--notice-ids", "-o", work / "out.conll"))
    documents = read_conll(work / "out.conll")
    assert len(documents) == len(texts)
    overlaps = 0
    for doc_entry, sentences in zip(project["documents"], documents):
        seqs = [[tag for _, tag in s] for s in sentences]
        strict = [e for es in Entities(seqs, IOB2).entities for e in es]
        lenient = get_entities([t for s in seqs for t in s + ["O"]])
        assert len(strict) == len(lenient), "every tag sequence is valid strict IOB2"
        found = sorted(
            (e.tag, "".join(tok for tok, _ in sentences[e.sent_id][e.start:e.end])) for e in strict
        )
        expected = []
        kept = []
        for a in (a for a in project["annotations"] if a["document"] == doc_entry["id"]):
            if a["id"] in conll_left:
                reason = conll_left[a["id"]]
                if reason.startswith("it overlaps annotation"):
                    other = annotations[re.search(r"`([^`]+)`", reason).group(1)]
                    assert other["start"] < a["end"] and a["start"] < other["end"], "it really overlaps"
                    overlaps += 1
                continue
            kept.append(a)
            expected.append((a["label"], re.sub(r"\s", "", a["quote"])))
        kept.sort(key=lambda a: a["start"])
        assert all(x["end"] <= y["start"] for x, y in zip(kept, kept[1:])), "kept spans do not overlap"
        assert found == sorted(expected), f"entities differ: {set(found) ^ set(expected)}"
    assert overlaps, "the fixture has overlapping spans"
    print(f"seqeval: {sum(len(d) for d in documents)} sentences valid in strict IOB2; "
          f"entities match; {len(conll_left)} reported and left out ({overlaps} for overlap)")

    # Hugging Face: the same tags, numbered by labels.json.
    hf_left = left_out(run(factmark, "convert", work / "project.json", "--to", "hf", "--all-notices", "--notice-ids", "-o", work / "hf"))
    assert hf_left == conll_left
    names = json.loads((work / "hf" / "labels.json").read_text(encoding="utf-8"))
    rows = [json.loads(l) for l in (work / "hf" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    for row, sentences in zip(rows, documents):
        assert len(row["tokens"]) == len(row["ner_tags"])
        flat = [pair for s in sentences for pair in s]
        assert row["tokens"] == [tok for tok, _ in flat]
        assert [names[n] for n in row["ner_tags"]] == [tag for _, tag in flat]
    print(f"Hugging Face: {len(rows)} rows agree with the CoNLL tags through labels.json")

    # Hugging Face datasets: the folder loads as a dataset whose ClassLabel names are labels.json.
    loaded = datasets.load_dataset(str(work / "hf"), cache_dir=str(work / "hf-cache"))
    train = loaded["train"]
    assert train.features["ner_tags"].feature.names == names, "ClassLabel names are labels.json"
    assert [r["tokens"] for r in train] == [r["tokens"] for r in rows]
    assert [r["ner_tags"] for r in train] == [r["ner_tags"] for r in rows]
    print(f"datasets {datasets.__version__}: load_dataset gives {len(train)} rows; ner_tags' ClassLabel names are labels.json")

    # Issue 18: documents' metadata is the `meta` column, a JSON object as text (one
    # column, so Arrow's reading of a date as a time cannot change it), declared in the card.
    run(factmark, "convert", golden, "--to", "hf", "-o", work / "hf-meta")
    meta_loaded = datasets.load_dataset(str(work / "hf-meta"), cache_dir=str(work / "hf-meta-cache"))["train"]
    for doc_entry, row in zip(gold["documents"], meta_loaded):
        assert doc_entry.get("meta"), "every golden document has metadata"
        assert json.loads(row["meta"]) == doc_entry["meta"], f"{row['meta']!r} is not {doc_entry['meta']!r}"
    print(f"datasets: the meta column loads as written ({len(meta_loaded)} rows)")

    # label-studio-sdk: its converter reads the Label Studio export.
    run(factmark, "convert", work / "project.json", "--to", "labelstudio", "-o", work / "ls.json")
    labels_xml = "".join(f'<Label value="{l["name"]}"/>' for l in project["labels"])
    config = (f'<View><Labels name="label" toName="text">{labels_xml}</Labels>'
              '<Text name="text" value="$text"/><TextArea name="note" toName="text" perRegion="true"/></View>')
    converter = Converter(config=config, project_dir=str(work), download_resources=False)
    converter.convert_to_json_min(str(work / "ls.json"), str(work / "ls-min"), is_dir=False)
    minimal = json.loads((work / "ls-min" / "result.json").read_text(encoding="utf-8"))
    assert len(minimal) == len(project["documents"])
    spans_seen = 0
    for task, doc_entry in zip(minimal, project["documents"]):
        assert task["text"] == doc_entry["text"]
        got = sorted((r["start"], r["end"], r["labels"][0], r["text"]) for r in task.get("label", []))
        want = sorted((a["start"], a["end"], a["label"], a["quote"]) for a in project["annotations"] if a["document"] == doc_entry["id"])
        assert got == want, f"label-studio-sdk reads other spans: {set(got) ^ set(want)}"
        spans_seen += len(got)
    print(f"label-studio-sdk: its converter reads {len(minimal)} tasks and all {spans_seen} spans with their offsets and texts")

    # Layers (--layers): a CoNLL file and a Hugging Face folder per label. Spans of
    # different labels that overlap — left out of the one tag sequence above — are all
    # kept; only spans of one label that overlap each other, or that are off the tokens,
    # are left out.
    layer_left = left_out(run(factmark, "convert", work / "project.json", "--to", "conll", "--layers", "--all-notices", "--notice-ids", "-o", work / "layers"))
    hf_layer_left = left_out(run(factmark, "convert", work / "project.json", "--to", "hf", "--layers", "--all-notices", "--notice-ids", "-o", work / "hf-layers"))
    assert hf_layer_left == layer_left
    labels = [l["name"] for l in project["labels"]]
    kept_across_labels = 0
    for i, label in enumerate(labels):
        path = work / "layers" / f"{i + 1}-{label}.conll"
        layer_docs = read_conll(path)
        rows = [json.loads(l) for l in (work / "hf-layers" / f"{i + 1}-{label}" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
        names = json.loads((work / "hf-layers" / f"{i + 1}-{label}" / "labels.json").read_text(encoding="utf-8"))
        assert names == ["O", f"B-{label}", f"I-{label}"]
        for doc_entry, sentences, row in zip(project["documents"], layer_docs, rows):
            seqs = [[tag for _, tag in s] for s in sentences]
            strict = [e for es in Entities(seqs, IOB2).entities for e in es]
            assert len(strict) == len(get_entities([t for s in seqs for t in s + ["O"]])), "valid strict IOB2"
            found = sorted("".join(tok for tok, _ in sentences[e.sent_id][e.start:e.end]) for e in strict)
            mine = [a for a in project["annotations"] if a["document"] == doc_entry["id"] and a["label"] == label]
            expected = sorted(re.sub(r"\s", "", a["quote"]) for a in mine if a["id"] not in layer_left)
            assert found == expected, f"{label} layer: entities differ: {set(found) ^ set(expected)}"
            for a in mine:
                reason = layer_left.get(a["id"], "")
                if reason.startswith("it overlaps annotation"):
                    other = annotations[re.search(r"`([^`]+)`", reason).group(1)]
                    assert other["label"] == label, "a layer leaves out only overlaps within its label"
                if a["id"] in conll_left and a["id"] not in layer_left:
                    kept_across_labels += 1
            flat = [pair for s in sentences for pair in s]
            assert [names[n] for n in row["ner_tags"]] == [tag for _, tag in flat]
    assert kept_across_labels, "the layers keep spans one sequence had to leave out"
    print(f"layers: {len(labels)} CoNLL files and Hugging Face folders valid in strict IOB2; "
          f"{kept_across_labels} spans kept that one tag sequence left out; {len(layer_left)} left out")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
