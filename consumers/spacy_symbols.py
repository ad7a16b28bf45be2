"""Prints spaCy's symbol table, one string per line in id order (line n has id n).

spaCy gives these strings fixed small ids instead of their hash (StringStore.add),
so a DocBin writer must use them. factmark's table,
crates/core/src/format/spacy_symbols.txt, is this output; check_exports.py checks
it still matches the installed spaCy.

    python consumers/spacy_symbols.py > crates/core/src/format/spacy_symbols.txt
"""

from spacy.symbols import IDS


def table():
    by_id = sorted(IDS.items(), key=lambda kv: kv[1])
    assert [i for _, i in by_id] == list(range(len(by_id))), "ids are 0..n"
    assert all("\n" not in s for s, _ in by_id)
    return "".join(s + "\n" for s, _ in by_id)


if __name__ == "__main__":
    print(table(), end="")
