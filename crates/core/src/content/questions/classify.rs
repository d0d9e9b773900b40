//! Classify: each item is put into one of the categories. Items and categories are shown in a
//! fresh order; for each item in turn, key n gives it the nth category shown.

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::{
    Draft, Effort, ItemResult, Presented, QuestionType, Response, Scored, Shown, has_repeats,
    short,
};
use crate::content::scenarios::Check;
use crate::shuffle;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassifyItem {
    pub text: String,
    /// One of the question's categories, spelt the same.
    pub category: String,
    /// What putting this item in another category reflects.
    #[serde(default)]
    pub misconception: Option<String>,
}

/// `Classify(categories: ["Coaching", "Mentoring"], items: [(text: "...", category: "...")])`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Classify {
    pub categories: Vec<String>,
    pub items: Vec<ClassifyItem>,
}

impl QuestionType for Classify {
    fn validate(&self, check: &mut Check<'_>) {
        let sc = check.id().to_owned();
        let (categories, items) = (&self.categories, &self.items);
        if categories.len() < 2 {
            check.problem(
                format!("scenario `{sc}` needs at least two categories"),
                "categories",
            );
        }
        if items.is_empty() {
            check.problem(format!("scenario `{sc}` has no items to classify"), "items");
        }
        if categories.iter().any(|c| c.trim().is_empty()) {
            check.problem(
                format!("empty text: a category of scenario `{sc}` has no words"),
                "categories",
            );
        }
        if has_repeats(categories.iter()) {
            check.problem(
                format!("scenario `{sc}` lists the same category twice"),
                "categories",
            );
        }
        for item in items {
            if item.text.trim().is_empty() {
                check.problem(
                    format!("empty text: an item of scenario `{sc}` has no words"),
                    "items",
                );
            }
            if !categories.contains(&item.category) {
                check.problem(
                    format!(
                        "scenario `{sc}`: item \"{}\" is in category \"{}\", which is not one \
                         of the question's categories",
                        short(&item.text),
                        item.category
                    ),
                    &format!("\"{}\"", item.text),
                );
            }
            if let Some(id) = &item.misconception {
                check.misconception(id);
            }
        }
    }

    fn misconceptions(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter_map(|i| i.misconception.as_deref())
            .collect()
    }

    fn effort(&self) -> Effort {
        Effort::MultiStep
    }

    fn max_score(&self) -> u32 {
        self.items.len() as u32
    }

    /// A mark for each item in its category; each item misplaced shows its misconception
    /// (once).
    fn score(&self, response: &Response) -> Scored {
        let Response::Classes(chosen) = response else {
            return Scored::nothing(self.max_score());
        };
        let mut scored = Scored::nothing(self.max_score());
        for (i, item) in self.items.iter().enumerate() {
            let got = chosen
                .get(i)
                .copied()
                .flatten()
                .and_then(|c| self.categories.get(c));
            let right = got == Some(&item.category);
            if right {
                scored.score += 1;
            } else if let Some(m) = &item.misconception
                && !scored.misconceptions.contains(m)
            {
                scored.misconceptions.push(m.clone());
            }
            scored.items.push(ItemResult::Placed {
                text: item.text.clone(),
                given: got.cloned(),
                right,
                expected: item.category.clone(),
            });
        }
        scored
    }

    /// Items and categories both in a uniformly random order.
    fn draw(&self, rng: &mut dyn RngCore) -> Shown {
        Shown {
            order: shuffle::order(self.items.len(), &mut &mut *rng),
            categories: shuffle::order(self.categories.len(), &mut &mut *rng),
        }
    }

    fn unshuffled(&self) -> Shown {
        Shown::identity(self.items.len(), self.categories.len())
    }

    fn steps(&self) -> usize {
        self.items.len()
    }

    fn press(&self, draft: &mut Draft, k: usize) {
        if let Some(&c) = draft.shown.categories.get(k)
            && draft.picks.len() < self.items.len()
        {
            draft.picks.push(c);
        }
    }

    /// A pick is the category of the item shown in that place.
    fn response(&self, draft: &Draft) -> Response {
        let mut classes = vec![None; self.items.len()];
        for (t, &c) in draft.picks.iter().enumerate() {
            if let Some(slot) = draft.shown.order.get(t).and_then(|&i| classes.get_mut(i)) {
                *slot = Some(c);
            }
        }
        Response::Classes(classes)
    }

    fn present(&self, rng: &mut dyn RngCore) -> Presented {
        let items = &self.items;
        let shown = shuffle::order(items.len(), &mut &mut *rng);
        let mut p = Presented::default();
        p.options
            .push(format!("Sort into: {}", self.categories.join(" / ")));
        p.options
            .extend(shown.iter().map(|&i| format!("- {}", items[i].text)));
        for &i in &shown {
            let it = &items[i];
            p.answer.push(format!("{}: {}", it.category, it.text));
            if let Some(id) = &it.misconception {
                p.misconceptions.push((Some(it.text.clone()), id.clone()));
            }
        }
        p
    }

    #[cfg(test)]
    fn chance(&self) -> f64 {
        1.0 / self.categories.len() as f64
    }
}
