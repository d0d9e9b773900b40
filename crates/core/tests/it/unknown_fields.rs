//! A misspelt or unknown field anywhere in a content file is an error that names the field, in
//! every struct and every question variant. The types are found in the built-in files
//! themselves (every `Name(field: ...` there), so a type added later is covered once the
//! built-in pack uses it.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use rapport_core::content::Loaded;
use rapport_core::content::load::check_files_with;
use rapport_core::content::source::{SourceFile, embedded_files};

/// Every place in `text` where a struct or struct-like variant with named fields opens:
/// (type name, byte offset just after its `(`).
fn openings(text: &str) -> Vec<(String, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_string = false;
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c.is_ascii_uppercase() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            if bytes.get(i) == Some(&b'(') {
                // Named fields follow: `ident:` after optional whitespace.
                let rest = &text[i + 1..];
                let trimmed = rest.trim_start();
                let ident: String = trimmed
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !ident.is_empty() && trimmed[ident.len()..].trim_start().starts_with(':') {
                    out.push((text[start..i].to_owned(), i + 1));
                }
            }
            continue;
        }
        i += 1;
    }
    out
}

/// Where the built-in files are, for the figures they name.
fn content_folder() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content"))
}

/// The built-in files with `field: 1,` inserted at `offset` of file `index`, checked as a pack
/// of their own.
fn check_with_field(files: &[SourceFile], index: usize, offset: usize, field: &str) -> Loaded {
    let mut files = files.to_vec();
    let mut text = String::from_utf8(files[index].bytes.clone()).unwrap();
    text.insert_str(offset, &format!(" {field}: 1, "));
    files[index].bytes = text.into_bytes();
    check_files_with(&Loaded::default(), files, Vec::new(), content_folder())
}

fn assert_reported(files: &[SourceFile], index: usize, offset: usize, name: &str, field: &str) {
    let loaded = check_with_field(files, index, offset, field);
    let file = &files[index].display;
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.message.contains(field) && &p.file == file),
        "{name} in {file}: an unknown field `{field}` was not reported; problems: {:?}",
        loaded.problems
    );
}

/// The first place each type appears, over every built-in file.
fn first_openings(files: &[SourceFile]) -> BTreeMap<String, (usize, usize)> {
    let mut first = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        for (name, offset) in openings(std::str::from_utf8(&file.bytes).unwrap()) {
            first.entry(name).or_insert((index, offset));
        }
    }
    first
}

#[test]
fn the_built_in_pack_is_clean_as_a_pack_of_its_own() {
    let files = embedded_files();
    let loaded = check_files_with(&Loaded::default(), files, Vec::new(), content_folder());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

#[test]
fn an_unknown_field_in_every_struct_and_question_variant_is_reported() {
    let files = embedded_files();
    let first = first_openings(&files);
    // The question variants are what issue 20 found silently dropping fields; they must all
    // be among the types covered.
    for variant in [
        "SingleBest",
        "MultipleAnswers",
        "OrderStages",
        "MatchTerms",
        "Classify",
        "Written",
        "Scenario",
        "RubricPoint",
        "Choice",
        "Unit",
    ] {
        assert!(
            first.contains_key(variant),
            "no {variant} in the built-in pack"
        );
    }
    for (name, (index, offset)) in &first {
        assert_reported(&files, *index, *offset, name, "misconceptoin");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any place, any unknown name.
    #[test]
    fn an_unknown_field_anywhere_is_reported(pick in any::<prop::sample::Index>(), field in "zz[a-z_]{2,12}") {
        let files = embedded_files();
        let all: Vec<(usize, String, usize)> = files
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                openings(std::str::from_utf8(&f.bytes).unwrap())
                    .into_iter()
                    .map(move |(name, offset)| (i, name, offset))
            })
            .collect();
        let (index, name, offset) = &all[pick.index(all.len())];
        assert_reported(&files, *index, *offset, name, &field);
    }
}
