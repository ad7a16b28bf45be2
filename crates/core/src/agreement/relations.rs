//! Agreement on relations and on attributes, between every pair of annotators.
//!
//! - **Relations.** A relation belongs to the annotator of its `from` end. Two
//!   relations match when their types are equal and both ends match: under the
//!   *exact* rule an end matches an end of the same label with the same span in the
//!   same text (documents are matched by the SHA-256 of their text, so the same claim
//!   in two articles compares across files); under the *overlap* rule, an end of the
//!   same label whose span overlaps it by a code point. A symmetric type's relations
//!   match either way round. Each relation is matched at most once; F1 = 2·matched /
//!   (relations of A + relations of B), overall and per type.
//! - **Attributes.** Over the spans both annotators marked alike (same text, span and
//!   label), each field of the label: the two values (or none) of each such span.
//!   Percent agreement is the share of spans with equal values; Cohen's kappa is
//!   taken on the same pairs, "no value" being a category of its own. `None` where
//!   undefined (no spans, or chance agreement total).

use super::{Input, annotator_of};
use crate::annotation::{Annotation, AnnotationId};
use crate::span::Span;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Relation and attribute agreement of every pair of annotators.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RelationReport {
    /// Each pair (by name order) with any relation or attribute on either side.
    pub pairs: Vec<RelationPair>,
}

/// The figures of one pair.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RelationPair {
    /// The first annotator (by name).
    pub a: String,
    /// The second.
    pub b: String,
    /// Relations of A and of B, in the texts both have.
    pub relations: (usize, usize),
    /// Relations matched under the exact rule.
    pub matched: usize,
    /// Relation F1 under the exact rule.
    pub exact: super::Figure,
    /// Relation F1 under the overlap rule.
    pub overlap: super::Figure,
    /// Per field, as `Label.field`.
    pub attributes: BTreeMap<String, AttributeFigure>,
}

/// Agreement on one field.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AttributeFigure {
    /// Spans both marked alike, on which the field was compared.
    pub spans: usize,
    /// Share of them with equal values.
    pub percent: Option<f64>,
    /// Cohen's kappa on the values.
    pub kappa: Option<f64>,
}

/// An end as the measures see it: the text's SHA-256, the span, the label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct End {
    sha256: String,
    span: Span,
    label: String,
}

impl End {
    fn overlaps(&self, other: &End) -> bool {
        self.sha256 == other.sha256 && self.label == other.label && self.span.overlaps(other.span)
    }
}

/// One relation: its type, whether the type is symmetric, and its ends.
#[derive(Debug, Clone)]
struct Link {
    kind: String,
    symmetric: bool,
    from: End,
    to: End,
}

/// One annotator's work: relations, and the attributes of each span.
#[derive(Default)]
struct Layer {
    links: Vec<Link>,
    /// Span → field → value, for every span (attributes or not).
    spans: HashMap<End, BTreeMap<String, String>>,
    /// The texts the annotator has.
    texts: BTreeSet<String>,
}

/// Relation and attribute agreement between the annotators of `inputs`.
pub fn relation_agreement(inputs: &[Input<'_>]) -> RelationReport {
    // The text set aside as not the article in any input, by text: what lies there is
    // not compared (as in the span figures).
    let mut aside: BTreeMap<&str, Vec<crate::Span>> = BTreeMap::new();
    for doc in inputs.iter().flat_map(|i| i.project.documents()) {
        if !doc.ignored().is_empty() {
            let regions = aside.entry(doc.sha256()).or_default();
            regions.extend_from_slice(doc.ignored());
            *regions = crate::ignored::normalized(std::mem::take(regions));
        }
    }
    let mut layers: BTreeMap<String, Layer> = BTreeMap::new();
    for input in inputs {
        let project = input.project;
        let end = |a: &Annotation| {
            let doc = project.document(&a.document)?;
            let set_aside = aside
                .get(doc.sha256())
                .is_some_and(|r| crate::ignored::touches(r, a.span()));
            (!set_aside).then(|| End {
                sha256: doc.sha256().to_owned(),
                span: a.span(),
                label: a.label.clone(),
            })
        };
        for name in input.annotators() {
            let layer = layers.entry(name).or_default();
            layer
                .texts
                .extend(project.documents().iter().map(|d| d.sha256().to_owned()));
        }
        for a in project.annotations() {
            let Some(at) = end(a) else { continue };
            let values = a
                .attributes
                .iter()
                .map(|(field, value)| (field.clone(), value.display()))
                .collect();
            let layer = layers.entry(annotator_of(a, input.name).to_owned()).or_default();
            layer.spans.insert(at, values);
        }
        let annotation = |id: &AnnotationId| project.annotation(id);
        for r in project.relations() {
            let (Some(from), Some(to)) = (annotation(&r.from), annotation(&r.to)) else {
                continue;
            };
            let (Some(from_end), Some(to_end)) = (end(from), end(to)) else {
                continue;
            };
            let symmetric = project.relation_types().get(&r.kind).is_some_and(|t| t.symmetric);
            let layer = layers
                .entry(annotator_of(from, input.name).to_owned())
                .or_default();
            layer.links.push(Link {
                kind: r.kind.clone(),
                symmetric,
                from: from_end,
                to: to_end,
            });
        }
    }
    let names: Vec<&String> = layers.keys().collect();
    let mut pairs = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let pair = compare(a, b, &layers[*a], &layers[*b]);
            if pair.relations != (0, 0) || !pair.attributes.is_empty() {
                pairs.push(pair);
            }
        }
    }
    RelationReport { pairs }
}

fn compare(a: &str, b: &str, la: &Layer, lb: &Layer) -> RelationPair {
    let shared: BTreeSet<&String> = la.texts.intersection(&lb.texts).collect();
    let in_shared = |l: &&Link| shared.contains(&l.from.sha256) && shared.contains(&l.to.sha256);
    let links_a: Vec<&Link> = la.links.iter().filter(in_shared).collect();
    let links_b: Vec<&Link> = lb.links.iter().filter(in_shared).collect();
    let exact = |x: &End, y: &End| x == y;
    let overlap = |x: &End, y: &End| x.overlaps(y);
    let (matched, exact_figure) = f1(&links_a, &links_b, &exact);
    let (_, overlap_figure) = f1(&links_a, &links_b, &overlap);
    RelationPair {
        a: a.to_owned(),
        b: b.to_owned(),
        relations: (links_a.len(), links_b.len()),
        matched,
        exact: exact_figure,
        overlap: overlap_figure,
        attributes: attributes(la, lb),
    }
}

/// Matched relations, and F1 overall and per type, with ends compared by `same`.
fn f1(a: &[&Link], b: &[&Link], same: &dyn Fn(&End, &End) -> bool) -> (usize, super::Figure) {
    let mut used = vec![false; b.len()];
    // Per type: (matched, of A, of B).
    let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for link in a {
        counts.entry(&link.kind).or_default().1 += 1;
        let found = b.iter().enumerate().position(|(j, other)| {
            !used[j]
                && other.kind == link.kind
                && ((same(&link.from, &other.from) && same(&link.to, &other.to))
                    || (link.symmetric && same(&link.from, &other.to) && same(&link.to, &other.from)))
        });
        if let Some(j) = found {
            used[j] = true;
            counts.entry(&link.kind).or_default().0 += 1;
        }
    }
    for link in b {
        counts.entry(&link.kind).or_default().2 += 1;
    }
    let score = |(m, x, y): (usize, usize, usize)| (x + y > 0).then(|| 2.0 * m as f64 / (x + y) as f64);
    let total = counts
        .values()
        .fold((0, 0, 0), |t, c| (t.0 + c.0, t.1 + c.1, t.2 + c.2));
    (
        total.0,
        super::Figure {
            overall: score(total),
            labels: counts.iter().map(|(k, c)| ((*k).to_owned(), score(*c))).collect(),
        },
    )
}

/// The values two annotators gave one span's field (none: no value).
type Coded<'a> = (Option<&'a str>, Option<&'a str>);

/// Per `Label.field`: agreement over the spans both marked alike.
fn attributes(la: &Layer, lb: &Layer) -> BTreeMap<String, AttributeFigure> {
    // Field → the (A, B) values of each span both have.
    let mut values: BTreeMap<String, Vec<Coded<'_>>> = BTreeMap::new();
    let mut both: Vec<_> = la
        .spans
        .iter()
        .filter_map(|(end, va)| lb.spans.get(end).map(|vb| (end, va, vb)))
        .collect();
    both.sort_by(|x, y| x.0.cmp(y.0));
    // The fields of each label that either annotator gave a value on any span.
    let mut fields: BTreeSet<(&str, &str)> = BTreeSet::new();
    for layer in [la, lb] {
        for (end, vs) in &layer.spans {
            fields.extend(vs.keys().map(|f| (end.label.as_str(), f.as_str())));
        }
    }
    for (end, va, vb) in &both {
        for &(label, field) in fields.range((end.label.as_str(), "")..) {
            if label != end.label {
                break;
            }
            values.entry(format!("{label}.{field}")).or_default().push((
                va.get(field).map(String::as_str),
                vb.get(field).map(String::as_str),
            ));
        }
    }
    for &(label, field) in &fields {
        values.entry(format!("{label}.{field}")).or_default();
    }
    values
        .into_iter()
        .map(|(key, pairs)| {
            let spans = pairs.len();
            let equal = pairs.iter().filter(|(x, y)| x == y).count();
            (
                key,
                AttributeFigure {
                    spans,
                    percent: (spans > 0).then(|| equal as f64 / spans as f64),
                    kappa: kappa(&pairs),
                },
            )
        })
        .collect()
}

/// Cohen's kappa of paired categories; `None` when chance agreement is total.
fn kappa(pairs: &[Coded<'_>]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.is_empty() {
        return None;
    }
    let observed = pairs.iter().filter(|(x, y)| x == y).count() as f64 / n;
    let mut margins: BTreeMap<Option<&str>, (f64, f64)> = BTreeMap::new();
    for (x, y) in pairs {
        margins.entry(*x).or_default().0 += 1.0;
        margins.entry(*y).or_default().1 += 1.0;
    }
    let expected: f64 = margins.values().map(|(p, q)| (p / n) * (q / n)).sum();
    (expected < 1.0).then(|| (observed - expected) / (1.0 - expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::tests::{mark_by as mark, project_with};
    use crate::{Timestamp, Value};

    fn link(project: &mut Project, id: &str, kind: &str, from: &str, to: &str) {
        crate::project::tests::link(project, id, kind, from, to).unwrap();
    }

    fn set(project: &mut Project, id: &str, field: &str, value: &str) {
        let action = project
            .set_attribute(
                &AnnotationId(id.into()),
                field,
                Some(Value::Text(value.into())),
                Timestamp::from_millis(3),
            )
            .unwrap();
        project.apply(action).unwrap();
    }

    use crate::project::Project;

    /// Issue 16: relation F1 equals a hand count. Ana and Boris mark the same text
    /// alike, but for c2, one code point shorter in Boris's. Ana: c1 said by p1, c1
    /// about p2, c2 same claim c1. Boris: c1 said by p1, c1 about p1 (another end),
    /// c1 same claim c2 (the other way round: the type is symmetric). By hand, exact:
    /// only said by matches, F1 = 2·1 / (3 + 3); overlap: same claim matches too (the
    /// two c2 overlap), F1 = 2·2 / 6.
    #[test]
    fn item_16_relation_f1_is_a_hand_count() {
        let text = "Лукашенко said 🇧🇾 troops moved; Путин agreed; troops moved again.";
        let mut ana = project_with(&[text]);
        let mut boris = project_with(&[text]);
        for (p, who) in [(&mut ana, "ana"), (&mut boris, "boris")] {
            mark(p, "p1", "d0", (0, 9), "Actor", who);
            mark(p, "c1", "d0", (17, 29), "Claim", who);
            mark(p, "p2", "d0", (31, 36), "Actor", who);
        }
        mark(&mut ana, "c2", "d0", (45, 62), "Claim", "ana");
        mark(&mut boris, "c2", "d0", (45, 61), "Claim", "boris");
        link(&mut ana, "r1", "said by", "c1", "p1");
        link(&mut ana, "r2", "about", "c1", "p2");
        link(&mut ana, "r3", "same claim", "c2", "c1");
        link(&mut boris, "r1", "said by", "c1", "p1");
        link(&mut boris, "r2", "about", "c1", "p1");
        link(&mut boris, "r3", "same claim", "c1", "c2");
        set(&mut ana, "c1", "quote", "direct");
        set(&mut boris, "c1", "quote", "direct");
        set(&mut ana, "c1", "check-worthy", "check-worthy");
        set(&mut boris, "c1", "check-worthy", "not factual");
        let names = ["ana.json".to_owned(), "boris.json".to_owned()];
        let projects = [ana, boris];
        let report = relation_agreement(&Input::all(&names, &projects));
        let pair = &report.pairs[0];
        assert_eq!((pair.a.as_str(), pair.b.as_str()), ("ana", "boris"));
        assert_eq!(pair.relations, (3, 3));
        // Exact: said by matches; about does not (other end); same claim does not (c2's
        // spans differ by one code point). 2·1 / (3 + 3).
        assert_eq!(pair.matched, 1);
        assert_eq!(pair.exact.overall, Some(2.0 / 6.0));
        assert_eq!(pair.exact.labels["said by"], Some(1.0));
        assert_eq!(pair.exact.labels["about"], Some(0.0));
        assert_eq!(pair.exact.labels["same claim"], Some(0.0));
        // Overlap: same claim matches too (c2 overlaps, and it is symmetric). 2·2 / 6.
        assert_eq!(pair.overlap.overall, Some(4.0 / 6.0));
        assert_eq!(pair.overlap.labels["same claim"], Some(1.0));
        // Attributes over the spans both marked alike (p1, c1, p2; not c2): on c1 the
        // quote agrees and check-worthy does not; the others have none on either side.
        let quote = &pair.attributes["Claim.quote"];
        assert_eq!((quote.spans, quote.percent), (1, Some(1.0)));
        assert_eq!(
            quote.kappa, None,
            "one category everywhere: chance agreement is total"
        );
        let worthy = &pair.attributes["Claim.check-worthy"];
        assert_eq!((worthy.spans, worthy.percent), (1, Some(0.0)));
    }

    #[test]
    fn kappa_is_cohens() {
        // sklearn: cohen_kappa_score(["x","x","y","y"], ["x","y","y","y"]) == 0.5
        let pairs = [
            (Some("x"), Some("x")),
            (Some("x"), Some("y")),
            (Some("y"), Some("y")),
            (Some("y"), Some("y")),
        ];
        assert_eq!(kappa(&pairs), Some(0.5));
        assert_eq!(kappa(&[(None, None), (Some("x"), None)]), Some(0.0));
    }
}
