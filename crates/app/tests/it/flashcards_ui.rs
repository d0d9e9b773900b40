//! The flashcards area driven from the keyboard, as a learner studies, through egui_kittest.
//! Every check of what was saved reads the store file afresh.

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapport::app::RapportApp;
use rapport::flashcards::schedule::Phase;
use rapport::store::Store;

use crate::common;

fn harness(data: &Path) -> Harness<'static, RapportApp> {
    let mut h = common::harness(data);
    h.get_by_label("Flashcards").click();
    h.run();
    h
}

fn saved(data: &Path) -> Store {
    Store::open(data).unwrap().0
}

fn current_id(h: &Harness<'_, RapportApp>) -> String {
    h.state()
        .flashcards()
        .current_card()
        .expect("a card is shown")
        .id
        .clone()
}

#[test]
fn study_with_the_keyboard_grade_and_undo() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press(Key::Enter);
    h.run();
    let first = current_id(&h);
    assert!(
        h.query_by_label_contains("1 Again\n").is_none(),
        "grades wait for the answer"
    );
    h.key_press(Key::Space);
    h.run();
    // Each button shows its next interval: a new card's Again is the first learning step.
    h.get_by_label_contains("1 Again\n1m");
    h.get_by_label_contains("2 Hard\n6m");
    h.get_by_label_contains("3 Good\n10m");
    h.get_by_label_contains("4 Easy\n");
    h.key_press(Key::Num3);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();

    let store = saved(data.path());
    let log = store.review_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].card_id.as_str(), log[0].grade), (first.as_str(), 3));
    assert_eq!(store.card_states().unwrap()[&first].phase, Phase::Learning);
    drop(store);
    assert_ne!(
        current_id(&h),
        first,
        "the next card is shown once the grade is saved"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    assert_eq!(current_id(&h), first, "undo brings the card back");
    let store = saved(data.path());
    assert!(store.review_log().unwrap().is_empty());
    assert!(
        store.card_states().unwrap().is_empty(),
        "the card is new again"
    );
}

#[test]
fn suspend_bury_and_a_note_are_saved() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press(Key::Enter);
    h.run();
    let a = current_id(&h);
    h.key_press(Key::S);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    let b = current_id(&h);
    assert_ne!(a, b);
    h.key_press(Key::B);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    let c = current_id(&h);
    h.key_press(Key::E);
    h.run();
    h.get_by_role(egui::accesskit::Role::MultilineTextInput)
        .type_text("Goal before Reality");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label("Your note: Goal before Reality");

    let store = saved(data.path());
    let states = store.card_states().unwrap();
    assert!(states[&a].suspended);
    assert!(
        states[&b]
            .buried_until
            .is_some_and(|t| t > rapport::store::now_seconds())
    );
    assert_eq!(store.card_notes().unwrap()[&c], "Goal before Reality");
    assert!(
        store.review_log().unwrap().is_empty(),
        "none of these is a review"
    );
}

#[test]
fn a_typed_answer_is_compared_word_by_word() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.get_by_label_contains("Type my answer").click();
    h.run();
    h.get_by_label_contains("Study everything due").click();
    h.run();
    let expected = h
        .state()
        .flashcards()
        .current_card()
        .unwrap()
        .expected_answer();
    let first_word = expected
        .split_whitespace()
        .find(|w| w.len() > 4)
        .unwrap()
        .to_owned();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&first_word);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label(&format!("You typed: {first_word}"));
    h.get_by_label_contains("Missed:");
    h.get_by_label_contains("3 Good\n");
}

#[test]
fn import_a_csv_with_a_bad_row_then_export_for_anki() {
    let data = tempfile::tempdir().unwrap();
    let csv = data.path().join("mine.csv");
    std::fs::write(
        &csv,
        "front,back,tags\nWhat is GROW?,\"Goal, Reality, Options, Will\",models\njust one column\n",
    )
    .unwrap();
    let mut h = harness(data.path());
    h.get_by_label("Import and export").click();
    h.run();
    let fields = h.get_all_by_role(egui::accesskit::Role::TextInput).count();
    assert_eq!(
        fields, 4,
        "export path, import path, deck name, Anki package"
    );
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .unwrap()
        .focus();
    h.run();
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .nth(1)
        .unwrap()
        .type_text(csv.to_str().unwrap());
    h.run();
    h.get_by_label("Import").click();
    h.run();
    h.state_mut().wait_for_flashcard_work();
    h.run();
    h.get_by_label_contains("1 card read, 1 row could not be read");
    h.get_by_label("line 3: only one column; expected front and back separated by a comma");
    let own = saved(data.path()).own_cards().unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].back, "Goal, Reality, Options, Will");
    assert!(
        h.state()
            .flashcards()
            .cards
            .iter()
            .any(|c| c.front == "What is GROW?")
    );

    let out = data.path().join("out.txt");
    // The field holds a default path in the home folder; a test must not write there.
    h.state_mut().flashcards_mut().export_path = out.display().to_string();
    h.run();
    h.get_by_label("Export all decks").click();
    h.run();
    h.state_mut().wait_for_flashcard_work();
    h.run();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("#separator:tab\n#html:false\n"));
    assert!(text.contains("What is GROW?"), "own cards are exported too");
}

#[test]
fn statistics_and_settings_open_and_bad_settings_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    common::open_statistics(&mut h);
    h.get_by_label_contains("0 cards reviewed");
    h.get_by_label_contains("FSRS fits its parameters to your own memory once you have 64");
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Save settings").click();
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label("Settings saved.");
    assert!(saved(data.path()).flashcard_settings().unwrap().is_some());
}

#[test]
fn a_suspend_is_confirmed_and_can_be_undone() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press(Key::Enter);
    h.run();
    let a = current_id(&h);
    let new_before = h
        .state()
        .flashcards()
        .session
        .as_ref()
        .unwrap()
        .queue
        .new
        .len();
    h.key_press(Key::S);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label_contains("✔ Card suspended");
    assert!(h.state().flashcards().states[&a].suspended);
    h.key_press(Key::U);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    assert!(
        h.state()
            .flashcards()
            .states
            .get(&a)
            .is_none_or(|s| !s.suspended),
        "undo takes the suspend back"
    );
    assert!(h.query_by_label_contains("✔ Card suspended").is_none());
    let session = h.state().flashcards().session.as_ref().unwrap();
    assert!(
        session.queue.new.len() + usize::from(session.current.is_some()) >= new_before,
        "the card is back in the queue"
    );
    let flash = h.state().flashcards();
    assert!(
        session
            .queue
            .new
            .contains(&flash.index.get(&flash.cards, &a).unwrap())
    );
    // The store has it unsuspended too.
    drop(h);
    let store = saved(data.path());
    let states = store.card_states().unwrap();
    assert!(states.get(&a).is_none_or(|s| !s.suspended), "{a}");
}

/// The top of the card's "Show answer" button, which is where the learner's mouse is.
fn show_answer_top(h: &Harness<'_, RapportApp>) -> f32 {
    h.get_by_label("Show answer (Space or Enter)").rect().top()
}

#[test]
fn suspend_bury_and_undo_are_confirmed_without_moving_the_card() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.key_press(Key::Enter);
    h.run();
    let top = show_answer_top(&h);
    let before = current_id(&h);

    h.key_press(Key::S);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label_contains("✔ Card suspended");
    h.get_by_label("Undo (U)");
    assert_ne!(current_id(&h), before, "the next card is shown");
    assert_eq!(show_answer_top(&h), top, "the confirmation moved the card");

    h.get_by_label("Undo (U)").click();
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    assert_eq!(
        current_id(&h),
        before,
        "undo brings the suspended card back"
    );
    h.get_by_label_contains("✔ Undone: the card is back in study");
    assert_eq!(show_answer_top(&h), top);

    h.key_press(Key::B);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label_contains("✔ Card buried until tomorrow");
    assert_eq!(show_answer_top(&h), top);

    // A grade clears the confirmation, and undoing it says so, in the same place.
    h.key_press(Key::Space);
    h.run();
    h.key_press(Key::Num3);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    assert!(h.query_by_label_contains("✔ Card buried").is_none());
    assert_eq!(show_answer_top(&h), top);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.get_by_label_contains("✔ Grade undone");
    assert_eq!(show_answer_top(&h), top, "the undo notice moved the card");

    // The deck list counts the one suspended card in the singular.
    h.key_press(Key::S);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("1 suspended card is left out of study.");
}

#[test]
fn an_anki_package_is_chosen_in_the_file_dialog() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let package = folder.path().join("mine.apkg");
    std::fs::write(&package, b"not read until Import").unwrap();
    std::fs::write(folder.path().join("notes.pdf"), b"%PDF").unwrap();
    // egui_file's own two path fields (the folder and the file name) carry no accessible name,
    // which kittest's default check refuses; everything of Rapport's is checked elsewhere.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_max_steps(100)
        .with_accessibility_check(false)
        .build_eframe(|cc| RapportApp::new(cc, rapport::app::Startup::prepare(&[], data.path())));
    h.run();
    h.get_by_label("Flashcards").click();
    h.run();
    h.get_by_label("Import and export").click();
    h.run();
    // The typed path still works, and the dialog opens in the folder it names.
    h.state_mut().flashcards_mut().anki_path = folder.path().display().to_string();
    h.run();
    let choose: Vec<_> = h.get_all_by_label("Choose…").collect();
    assert_eq!(choose.len(), 3, "export, CSV import and Anki import");
    choose[2].click();
    h.run();
    h.get_by_label_contains("Anki package to import");
    assert!(
        h.query_by_label_contains("notes.pdf").is_none(),
        "only Anki packages are offered"
    );
    h.get_by_label_contains("mine.apkg").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    h.run();
    assert_eq!(
        h.state().flashcards().anki_path,
        package.display().to_string()
    );
    assert!(
        h.query_by_label_contains("Anki package to import")
            .is_none(),
        "the dialog closes"
    );
    assert!(
        h.state().flashcards().busy.is_none(),
        "choosing a file imports nothing by itself"
    );
}

/// The queue and the deck counts the app builds from its index of the cards, against the ones
/// built afresh from the card states it holds (what the index must be in step with).
fn assert_queue_in_step(h: &mut Harness<'static, RapportApp>, when: &str) {
    use rapport::flashcards::queue::{self, Filter};
    let flash = h.state_mut().flashcards_mut();
    let clock = flash.clock();
    let settings = flash.scheduler.settings.clone();
    let first_deck = flash.cards[0].deck.clone();
    for filter in [Filter::all(), Filter::deck(&first_deck)] {
        let fresh = queue::build(
            &flash.cards,
            &flash.states,
            &filter,
            &settings,
            &clock,
            flash.today_counts(&clock),
            &flash.weakness,
        );
        assert_eq!(
            flash.build_queue(&filter, &clock),
            fresh,
            "{when}: {filter:?}"
        );
    }
    let fresh = queue::deck_counts(&flash.cards, &flash.states, &settings, &clock);
    assert_eq!(flash.deck_counts(), &fresh, "{when}: deck counts");
}

#[test]
fn grading_hiding_and_undoing_keep_the_flashcard_queue_in_step() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    assert_queue_in_step(&mut h, "at the start");
    h.key_press(Key::Enter);
    h.run();
    let mut graded = Vec::new();
    // Good (into learning), Easy (a review days away), Again (learning), Good.
    for grade in [Key::Num3, Key::Num4, Key::Num1, Key::Num3] {
        graded.push(current_id(&h));
        h.key_press(Key::Space);
        h.run();
        h.key_press(grade);
        h.run();
        h.state_mut().wait_for_saves();
        h.run();
        assert_queue_in_step(&mut h, "after a grade");
    }
    let suspended = current_id(&h);
    h.key_press(Key::S);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    let buried = current_id(&h);
    h.key_press(Key::B);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    assert_queue_in_step(&mut h, "after a suspend and a bury");
    h.key_press(Key::U);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    assert_queue_in_step(&mut h, "after undoing the bury");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.state_mut().wait_for_saves();
    h.run();
    assert_queue_in_step(&mut h, "after undoing the last grade");

    // Study again: the queue is built afresh from what was just done.
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let flash = h.state().flashcards();
    let session = flash.session.as_ref().expect("studying again");
    let learning: Vec<&str> = session
        .queue
        .learning
        .iter()
        .map(|&(i, _)| flash.cards[i].id.as_str())
        .collect();
    assert!(learning.contains(&graded[0].as_str()), "{learning:?}");
    assert!(learning.contains(&graded[2].as_str()), "{learning:?}");
    let queued = |id: &str| {
        let i = flash.index.get(&flash.cards, id).expect("a known card");
        session.queue.new.contains(&i)
            || session.queue.review.contains(&i)
            || session.queue.learning.iter().any(|&(j, _)| j == i)
            || session.current == Some(i)
    };
    assert!(!queued(&graded[1]), "the Easy card is due in days");
    assert!(!queued(&suspended), "suspended");
    assert!(queued(&graded[3]), "its grade was undone: new again");
    assert!(queued(&buried), "its bury was undone");
    assert_queue_in_step(&mut h, "studying again");
}
