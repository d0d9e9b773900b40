//! The wording of the flashcards made from a unit's key concepts and misconceptions. The
//! flashcards layer builds its cards with it, and the coverage check compares the fronts with
//! those of authored cards, so both see the same text.

use super::model::Misconception;

/// The text with its first letter in upper case and surrounding space removed.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The front of a key concept's card: the term asked for.
pub fn key_concept_front(term: &str) -> String {
    format!("What is meant by “{}”?", term.trim())
}

/// The front of a misconception's card: the learner corrects the mistaken belief.
pub fn misconception_front(text: &str) -> String {
    format!(
        "What is wrong with this, and what is right? “{}”",
        text.trim()
    )
}

/// The back of a misconception's card: the correction, which teaches what is right. A
/// misconception without one (a tutor's pack may have some; `rapport check` warns) sends the
/// learner to the unit instead of repeating the mistake.
pub fn misconception_back(m: &Misconception) -> String {
    match m.correction.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => sentence(c),
        _ => "The unit gives no correction for this mistake yet. Its key concepts and marking \
              points say what is expected instead; ask your tutor if it is unclear."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_teaches_the_correction_and_never_repeats_the_front() {
        let mut m = Misconception {
            id: "m".into(),
            text: "Mentoring is always directive.".into(),
            correction: Some("  both are mainly non-directive.".into()),
        };
        assert_eq!(misconception_back(&m), "Both are mainly non-directive.");
        assert!(misconception_front(&m.text).contains("what is right"));
        m.correction = Some(" ".into());
        let back = misconception_back(&m);
        assert!(!back.contains(&m.text), "{back}");
        m.correction = None;
        assert_eq!(misconception_back(&m), back);
    }
}
