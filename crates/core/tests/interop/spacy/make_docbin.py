"""Writes written-by-spacy.spacy with spaCy itself (run once; the file is kept).

A blank English pipeline tokenizes two texts; entities, a span group with nested and
overlapping spans, a part-of-speech tag and a document category are set, and spaCy's
own DocBin (default attributes) serialises them. factmark's reader is tested on it.
"""
import spacy
from spacy.tokens import DocBin, Span

nlp = spacy.blank("en")
texts = [
    "Lukashenko said 12,000 Russian troops arrived in Minsk on Tuesday.",
    "Ukraine's General Staff warned  of a build-up near the border.\nKyiv is watching.",
]
db = DocBin(store_user_data=False)
for i, text in enumerate(texts):
    doc = nlp(text)
    if i == 0:
        doc.ents = [Span(doc, 0, 1, "PERSON"), Span(doc, 3, 4, "NORP"), Span(doc, 7, 8, "GPE")]
        doc.spans["sc"] = [Span(doc, 0, 10, "Claim"), Span(doc, 2, 5, "Figure"), Span(doc, 0, 1, "Actor")]
        doc.cats = {"troops": 1.0}
        doc[0].tag_ = "NNP"
    else:
        doc.ents = [Span(doc, 0, 1, "GPE"), Span(doc, 2, 4, "ORG")]
        doc.spans["claims"] = [Span(doc, 0, 12, "Claim")]
    db.add(doc)
db.to_disk("written-by-spacy.spacy")
print(spacy.__version__)
