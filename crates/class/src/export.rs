//! The class's results as CSV: by question, by criterion and by marking point. Only totals
//! for the class: no learner's name or answer is in the file.

use std::collections::BTreeMap;

use crate::session::Session;

/// A field as CSV writes it: quoted when needed, and with a leading `'` when a spreadsheet
/// would otherwise read it as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[derive(Default)]
struct Sum {
    answers: usize,
    right: usize,
    marks: u64,
    max: u64,
}

impl Sum {
    fn row(&self) -> String {
        format!(
            "{},{},{},{}",
            self.answers, self.right, self.marks, self.max
        )
    }
}

/// Every row: `level,question,title,criterion,marking_point,answers,right,marks,max_marks`.
pub fn results_csv(s: &Session) -> String {
    let mut out = String::from(
        "level,question,title,criterion,marking_point,answers,right,marks,max_marks\n",
    );
    let mut criteria: BTreeMap<String, Sum> = BTreeMap::new();
    let mut points: BTreeMap<String, Sum> = BTreeMap::new();
    for (i, q) in s.questions().iter().enumerate() {
        let mut sum = Sum::default();
        for (_, g) in s.answers(i) {
            sum.answers += 1;
            sum.right += usize::from(g.right());
            sum.marks += u64::from(g.scored.score);
            sum.max += u64::from(g.scored.max);
            for c in &q.criteria {
                let e = criteria.entry(c.clone()).or_default();
                e.answers += 1;
                e.right += usize::from(g.right());
                e.marks += u64::from(g.scored.score);
                e.max += u64::from(g.scored.max);
            }
            match &g.scored.mark {
                // A written answer is marked point by point.
                Some(m) => {
                    for p in &m.points {
                        let e = points.entry(p.marking_point.clone()).or_default();
                        e.answers += 1;
                        e.right += usize::from(p.earned);
                        e.marks += u64::from(p.marks);
                        e.max += u64::from(p.max_mark);
                    }
                }
                // Another answer evidences the scenario's marking points all together.
                None => {
                    for mp in &q.marking_points {
                        let e = points.entry(mp.clone()).or_default();
                        e.answers += 1;
                        e.right += usize::from(g.right());
                        e.marks += u64::from(g.scored.score);
                        e.max += u64::from(g.scored.max);
                    }
                }
            }
        }
        out.push_str(&format!(
            "question,{},{},{},,{}\n",
            i + 1,
            field(&q.title),
            field(&q.criteria.join(" ")),
            sum.row()
        ));
    }
    for (c, sum) in &criteria {
        out.push_str(&format!("criterion,,,{},,{}\n", field(c), sum.row()));
    }
    for (p, sum) in &points {
        out.push_str(&format!("marking_point,,,,{},{}\n", field(p), sum.row()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=cmd()"), "'=cmd()");
    }
}
