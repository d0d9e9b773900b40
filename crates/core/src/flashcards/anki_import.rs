//! Reading an Anki collection (`.apkg` or `.colpkg`): a zip holding the collection as SQLite.
//! Notes become the learner's own cards (cloze notes stay cloze), each Anki card keeps its
//! schedule (`anki:<card id>`, so fuzz is seeded as in Anki) and its whole review log.
//!
//! Everything is read and checked before anything is saved: a file that is not a collection, a
//! zip bomb, a field too large, a newer format that Rapport cannot read is refused with a
//! sentence, and the store then saves the lot in one transaction.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use fsrs::FSRS;
use rusqlite::{Connection, OpenFlags};

use super::anki::{OwnCard, OwnCloze};
use super::schedule::{CardState, Clock, DAY, Phase, ReviewEntry, Settings};

/// Files larger than this are refused before they are read.
pub const MAX_FILE: u64 = 1 << 30;
/// The collection inside may be at most this large once unpacked.
pub const MAX_COLLECTION: u64 = 2 << 30;
/// A field of a note may be at most this long (Anki's own limit for a note is about 1 MB of
/// text in practice; more is not a flashcard).
pub const MAX_FIELD: usize = 1 << 20;
/// More than this ratio of unpacked to packed size is taken as a zip bomb.
const MAX_RATIO: u64 = 200;

/// What was read from the file, ready to be saved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnkiImport {
    pub cards: Vec<OwnCard>,
    pub states: Vec<CardState>,
    pub log: Vec<ReviewEntry>,
    pub notes: usize,
    pub decks: Vec<String>,
    /// Media files in the package that are not shown (Rapport's cards are text).
    pub skipped_media: Vec<String>,
    /// How many card states and reviews the store added, filled in once it has saved them (a
    /// second import of the same file adds none).
    pub saved: Option<(usize, usize)>,
}

impl AnkiImport {
    pub fn summary(&self) -> String {
        use super::count;
        format!(
            "{}, {} in {}, {}",
            count(self.notes, "note"),
            count(self.cards.len(), "card"),
            count(self.decks.len(), "deck"),
            count(self.log.len(), "review"),
        )
    }
}

#[derive(Debug)]
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    packed: u64,
    size: u64,
    offset: u64,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The zip's central directory (zip64 and encrypted entries are refused).
fn zip_entries(b: &[u8]) -> Result<Vec<Entry>, String> {
    let not_zip = || "it is not a zip file, so not an Anki package".to_owned();
    let tail = b.len().saturating_sub(22 + 65_535);
    let end = (tail..b.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(b, i) == Some(0x0605_4b50))
        .ok_or_else(not_zip)?;
    let count = u16_at(b, end + 10).ok_or_else(not_zip)? as usize;
    let mut at = u32_at(b, end + 16).ok_or_else(not_zip)? as usize;
    if count == 0xffff || at == 0xffff_ffff {
        return Err("it is a zip64 file, which Anki does not write".into());
    }
    let mut entries = Vec::with_capacity(count.min(100_000));
    for _ in 0..count {
        let bad = || format!("its zip directory is damaged (at byte {at})");
        if u32_at(b, at) != Some(0x0201_4b50) {
            return Err(bad());
        }
        let flags = u16_at(b, at + 8).ok_or_else(bad)?;
        let method = u16_at(b, at + 10).ok_or_else(bad)?;
        let crc = u32_at(b, at + 16).ok_or_else(bad)?;
        let packed = u64::from(u32_at(b, at + 20).ok_or_else(bad)?);
        let size = u64::from(u32_at(b, at + 24).ok_or_else(bad)?);
        let name_len = u16_at(b, at + 28).ok_or_else(bad)? as usize;
        let extra_len = u16_at(b, at + 30).ok_or_else(bad)? as usize;
        let comment_len = u16_at(b, at + 32).ok_or_else(bad)? as usize;
        let offset = u64::from(u32_at(b, at + 42).ok_or_else(bad)?);
        let name = b.get(at + 46..at + 46 + name_len).ok_or_else(bad)?;
        if flags & 1 != 0 {
            return Err("it is encrypted".into());
        }
        entries.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method,
            crc,
            packed,
            size,
            offset,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(entries)
}

/// One entry unpacked, refusing more than `limit` bytes or a ratio that only a zip bomb has.
fn unpack(b: &[u8], e: &Entry, limit: u64) -> Result<Vec<u8>, String> {
    if e.size > limit {
        return Err(format!(
            "{} would unpack to {} MB, more than the {} MB Rapport reads",
            e.name,
            e.size >> 20,
            limit >> 20
        ));
    }
    if e.size > (1 << 20) && e.size / e.packed.max(1) > MAX_RATIO {
        return Err(format!(
            "{} unpacks {} times larger than it is packed, which only a zip bomb does",
            e.name,
            e.size / e.packed.max(1)
        ));
    }
    let at = e.offset as usize;
    let bad = || format!("the zip entry {} is damaged", e.name);
    if u32_at(b, at) != Some(0x0403_4b50) {
        return Err(bad());
    }
    let start = at
        + 30
        + u16_at(b, at + 26).ok_or_else(bad)? as usize
        + u16_at(b, at + 28).ok_or_else(bad)? as usize;
    let data = b.get(start..start + e.packed as usize).ok_or_else(bad)?;
    let mut out = Vec::with_capacity(e.size as usize);
    match e.method {
        0 => out.extend_from_slice(data),
        8 => {
            flate2::read::DeflateDecoder::new(data)
                .take(e.size + 1)
                .read_to_end(&mut out)
                .map_err(|_| bad())?;
        }
        m => {
            return Err(format!(
                "{} is packed with method {m}, which Rapport cannot read",
                e.name
            ));
        }
    }
    if out.len() as u64 != e.size {
        return Err(format!("{} is not the size its zip directory says", e.name));
    }
    let mut crc = flate2::Crc::new();
    crc.update(&out);
    if crc.sum() != e.crc {
        return Err(bad());
    }
    Ok(out)
}

/// Anki's HTML fields as plain text: line breaks kept, tags dropped, common entities decoded;
/// the names of media files referred to are collected.
pub fn field_text(html: &str, media: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("br") || lower.starts_with("/div") || lower.starts_with("/p") {
            out.push('\n');
        }
        if lower.starts_with("img")
            && let Some(src) = lower.find("src=").map(|i| &tag[i + 4..])
        {
            let src = src.trim_start_matches(['"', '\'']);
            let name: String = src
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' '))
                .collect();
            out.push_str(&format!("[image: {name}]"));
            media.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let mut text = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    while let Some(start) = text.find("[sound:") {
        let Some(len) = text[start..].find(']') else {
            break;
        };
        media.push(text[start + 7..start + len].to_owned());
        text.replace_range(start..=start + len, "");
    }
    text.trim().to_owned()
}

fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Reads the package at `path`. `progress(stage, done, total)` is called as it goes.
pub fn read_package(
    path: &Path,
    clock: &Clock,
    settings: &Settings,
    mut progress: impl FnMut(&str, usize, usize),
) -> Result<AnkiImport, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read it: {e}"))?
        .len();
    if size > MAX_FILE {
        return Err(format!(
            "it is {} MB; Rapport reads packages up to {} MB",
            size >> 20,
            MAX_FILE >> 20
        ));
    }
    progress("Unpacking", 0, 1);
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let entries = zip_entries(&bytes)?;
    let find = |name: &str| entries.iter().find(|e| e.name == name);
    // Packages of Anki 2.1.50 and later hold the collection zstd-compressed (and a dummy
    // `collection.anki2` that only says to update Anki): the newest one inside is read.
    let (collection, zstd) = match (
        find("collection.anki21b"),
        find("collection.anki21"),
        find("collection.anki2"),
    ) {
        (Some(e), _, _) => (e, true),
        (None, Some(e), _) | (None, None, Some(e)) => (e, false),
        (None, None, None) => {
            return Err("it holds no Anki collection (no collection.anki21b, \
                        collection.anki21 or collection.anki2 inside)"
                .into());
        }
    };
    let mut sqlite = unpack(&bytes, collection, MAX_COLLECTION)?;
    if zstd {
        sqlite = unzstd(&collection.name, &sqlite, MAX_COLLECTION)?;
    }
    let media_names: Vec<String> = match find("media") {
        Some(e) if zstd => {
            let list = unzstd("media", &unpack(&bytes, e, 64 << 20)?, 64 << 20)?;
            media_names_proto(&list).map_err(|e| format!("its media list is damaged ({e})"))?
        }
        Some(e) => serde_json::from_slice::<HashMap<String, String>>(&unpack(&bytes, e, 64 << 20)?)
            .unwrap_or_default()
            .into_values()
            .collect(),
        None => Vec::new(),
    };
    drop(bytes);
    // SQLite reads files: the collection goes to a temporary file, removed afterwards.
    let temp = std::env::temp_dir().join(format!(
        "rapport-import-{}-{}.sqlite",
        std::process::id(),
        super::super::store::now_seconds()
    ));
    std::fs::write(&temp, &sqlite).map_err(|e| format!("cannot unpack it: {e}"))?;
    drop(sqlite);
    let result = read_collection(&temp, clock, settings, &mut progress);
    let _ = std::fs::remove_file(&temp);
    let mut import = result?;
    let mut media = media_names;
    media.sort();
    import.skipped_media = media.into_iter().filter(|m| !is_image(m)).collect();
    Ok(import)
}

/// One answer of Anki's review log: id (milliseconds), button, interval (days, or seconds when
/// negative), time taken (ms), kind (0 learning, 1 review, 2 relearning, 3 filtered).
type Revlog = (i64, u32, i64, u32, i64);

fn wrong_schema(e: impl std::fmt::Display) -> String {
    format!("it is not an Anki collection Rapport can read ({e})")
}

/// Deck names by id and the cloze note types of a collection in schema 18 (Anki 2.1.50 and
/// later): `decks(id, name)`, and `notetypes.config`, a protobuf whose field 1 is the kind
/// (1 for cloze; absent for a standard note type).
fn schema18_decks_and_cloze(
    conn: &Connection,
) -> Result<(HashMap<i64, String>, std::collections::HashSet<i64>), String> {
    let newer = |e: rusqlite::Error| {
        format!(
            "it is in a newer Anki collection format whose note types and decks Rapport \
             cannot find ({e})"
        )
    };
    let mut decks = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, name FROM decks").map_err(newer)?;
    let mut rows = stmt.query([]).map_err(newer)?;
    while let Some(r) = rows.next().map_err(newer)? {
        decks.insert(r.get(0).map_err(newer)?, r.get(1).map_err(newer)?);
    }
    let mut cloze = std::collections::HashSet::new();
    let mut stmt = conn
        .prepare("SELECT id, config FROM notetypes")
        .map_err(newer)?;
    let mut rows = stmt.query([]).map_err(newer)?;
    let mut types = 0;
    while let Some(r) = rows.next().map_err(newer)? {
        types += 1;
        let id: i64 = r.get(0).map_err(newer)?;
        let config: Vec<u8> = r.get(1).map_err(newer)?;
        let kind = proto_fields(&config)
            .map_err(|e| format!("the note type {id} cannot be read ({e})"))?
            .into_iter()
            .find_map(|(field, value)| match (field, value) {
                (1, ProtoValue::Varint(v)) => Some(v),
                _ => None,
            });
        if kind == Some(1) {
            cloze.insert(id);
        }
    }
    if types == 0 {
        return Err(
            "it holds no note types, so it is not an Anki collection Rapport can read".into(),
        );
    }
    Ok((decks, cloze))
}

/// A protobuf field's value: what Anki's schema-18 blobs hold.
#[derive(Debug, PartialEq)]
enum ProtoValue<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

fn varint(b: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*at).ok_or("a number runs past the end")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("a number is too long".into())
}

/// The top-level fields of a protobuf message, in order (field number, value).
fn proto_fields(b: &[u8]) -> Result<Vec<(u64, ProtoValue<'_>)>, String> {
    let mut at = 0;
    let mut out = Vec::new();
    while at < b.len() {
        let key = varint(b, &mut at)?;
        let value = match key & 7 {
            0 => ProtoValue::Varint(varint(b, &mut at)?),
            1 | 5 => {
                at += if key & 7 == 1 { 8 } else { 4 };
                ProtoValue::Fixed
            }
            2 => {
                let len = usize::try_from(varint(b, &mut at)?).map_err(|e| e.to_string())?;
                let end = at.checked_add(len).filter(|&e| e <= b.len());
                let bytes = &b[at..end.ok_or("a field runs past the end")?];
                at += len;
                ProtoValue::Bytes(bytes)
            }
            t => return Err(format!("unknown wire type {t}")),
        };
        if at > b.len() {
            return Err("a field runs past the end".into());
        }
        out.push((key >> 3, value));
    }
    Ok(out)
}

/// The names in a schema-18 package's media list (MediaEntries: repeated field 1, each a
/// message whose field 1 is the file's name).
fn media_names_proto(b: &[u8]) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for (field, value) in proto_fields(b)? {
        if let (1, ProtoValue::Bytes(entry)) = (field, value) {
            for (f, v) in proto_fields(entry)? {
                if let (1, ProtoValue::Bytes(name)) = (f, v) {
                    names.push(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
    }
    Ok(names)
}

/// Unpacks zstd (the collection and media list of Anki 2.1.50 and later), refusing more than
/// `limit` bytes or a ratio that only a bomb has. Pure Rust (`ruzstd`), so no C to build.
fn unzstd(name: &str, data: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let cap = limit.min((data.len() as u64).saturating_mul(MAX_RATIO).max(1 << 20));
    let mut input = data;
    let mut out = Vec::new();
    let damaged = |e: &dyn std::fmt::Display| format!("{name} cannot be unpacked ({e})");
    // Anki writes one frame; more are read one after another, as zstd allows.
    while !input.is_empty() {
        let mut frame =
            ruzstd::decoding::StreamingDecoder::new(&mut input).map_err(|e| damaged(&e))?;
        let room = cap + 1 - out.len() as u64;
        (&mut frame)
            .take(room)
            .read_to_end(&mut out)
            .map_err(|e| damaged(&e))?;
        if out.len() as u64 > cap {
            return Err(if cap == limit {
                format!(
                    "{name} would unpack to more than the {} MB Rapport reads",
                    limit >> 20
                )
            } else {
                format!(
                    "{name} unpacks more than {MAX_RATIO} times larger than it is packed, which only a zip bomb does"
                )
            });
        }
    }
    Ok(out)
}

fn read_collection(
    file: &Path,
    clock: &Clock,
    settings: &Settings,
    progress: &mut impl FnMut(&str, usize, usize),
) -> Result<AnkiImport, String> {
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(wrong_schema)?;
    let (crt, models, decks): (i64, String, String) = conn
        .query_row("SELECT crt, models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(wrong_schema)?;
    // Up to Anki 2.1.49 note types and decks are JSON in `col`; from 2.1.50 (schema 18) they
    // are tables of their own and `col` holds empty strings.
    let (deck_names_by_id, cloze_types) = if models.is_empty() && decks.is_empty() {
        schema18_decks_and_cloze(&conn)?
    } else {
        let models: serde_json::Value = serde_json::from_str(&models).map_err(wrong_schema)?;
        let decks: serde_json::Value = serde_json::from_str(&decks).map_err(wrong_schema)?;
        let Some(models) = models.as_object().filter(|m| !m.is_empty()) else {
            return Err("it holds no note types, so it is not an Anki collection                         Rapport can read"
                .into());
        };
        let cloze = models
            .iter()
            .filter(|(_, m)| m["type"].as_i64() == Some(1))
            .filter_map(|(id, _)| id.parse().ok())
            .collect();
        let names = decks
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(id, d)| Some((id.parse().ok()?, d["name"].as_str()?.to_owned())))
            .collect();
        (names, cloze)
    };
    let deck_name = |id: i64| -> String {
        deck_names_by_id
            .get(&id)
            .map_or("Default", String::as_str)
            .replace('\u{1f}', "::")
    };
    let is_cloze = |mid: i64| cloze_types.contains(&mid);

    // Notes: fields, tags.
    let mut notes: HashMap<i64, (i64, Vec<String>, Vec<String>)> = HashMap::new();
    let mut media_in_fields = Vec::new();
    {
        let mut stmt = conn
            .prepare("SELECT id, mid, flds, tags FROM notes")
            .map_err(wrong_schema)?;
        let mut rows = stmt.query([]).map_err(wrong_schema)?;
        while let Some(r) = rows.next().map_err(wrong_schema)? {
            let id: i64 = r.get(0).map_err(wrong_schema)?;
            let fields: String = r.get(2).map_err(wrong_schema)?;
            if let Some(big) = fields.split('\u{1f}').find(|f| f.len() > MAX_FIELD) {
                return Err(format!(
                    "note {id} has a field of {} KB; Rapport takes fields up to {} KB",
                    big.len() >> 10,
                    MAX_FIELD >> 10
                ));
            }
            let tags: String = r.get(3).map_err(wrong_schema)?;
            notes.insert(
                id,
                (
                    r.get(1).map_err(wrong_schema)?,
                    fields
                        .split('\u{1f}')
                        .map(|f| field_text(f, &mut media_in_fields))
                        .collect(),
                    tags.split_whitespace().map(str::to_owned).collect(),
                ),
            );
        }
    }

    // The review log, per card, in time order.
    let mut revlog: HashMap<i64, Vec<Revlog>> = HashMap::new();
    {
        let mut stmt = conn
            .prepare("SELECT id, cid, ease, ivl, time, type FROM revlog ORDER BY id")
            .map_err(wrong_schema)?;
        let mut rows = stmt.query([]).map_err(wrong_schema)?;
        while let Some(r) = rows.next().map_err(wrong_schema)? {
            let kind: i64 = r.get(5).map_err(wrong_schema)?;
            let ease: i64 = r.get(2).map_err(wrong_schema)?;
            // Manual and rescheduled entries (and ease 0) are no answers.
            if !(1..=4).contains(&ease) || kind > 3 {
                continue;
            }
            revlog
                .entry(r.get(1).map_err(wrong_schema)?)
                .or_default()
                .push((
                    r.get(0).map_err(wrong_schema)?,
                    ease as u32,
                    r.get(3).map_err(wrong_schema)?,
                    r.get::<_, i64>(4)
                        .map_err(wrong_schema)?
                        .clamp(0, u32::MAX as i64) as u32,
                    kind,
                ));
        }
    }

    let fsrs =
        FSRS::new(&settings.parameters).map_err(|e| format!("the FSRS parameters: {e:?}"))?;
    let today = clock.today();
    let anki_today = today - clock.day_of(crt);
    let mut import = AnkiImport {
        notes: notes.len(),
        ..AnkiImport::default()
    };
    let mut deck_names = std::collections::BTreeSet::new();
    let mut stmt = conn
        .prepare(
            "SELECT id, nid, did, ord, type, queue, due, 0, reps, lapses, left, odid, data \
             FROM cards ORDER BY id",
        )
        .map_err(wrong_schema)?;
    let total: usize = conn
        .query_row("SELECT count(*) FROM cards", [], |r| r.get::<_, i64>(0))
        .map_err(wrong_schema)? as usize;
    let mut rows = stmt.query([]).map_err(wrong_schema)?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(wrong_schema)? {
        n += 1;
        if n % 512 == 0 {
            progress("Reading cards", n, total);
        }
        let get_i = |i: usize| r.get::<_, i64>(i).map_err(wrong_schema);
        let (cid, nid, did, ord) = (get_i(0)?, get_i(1)?, get_i(2)?, get_i(3)?);
        let (ctype, queue, due) = (get_i(4)?, get_i(5)?, get_i(6)?);
        let (reps, lapses, left, odid) = (get_i(8)?, get_i(9)?, get_i(10)?, get_i(11)?);
        let Some((mid, fields, tags)) = notes.get(&nid) else {
            continue;
        };
        let deck = deck_name(if odid != 0 { odid } else { did });
        deck_names.insert(deck.clone());
        let card_id = format!("anki:{cid}");
        let first = fields.first().cloned().unwrap_or_default();
        let second = fields.get(1).cloned().unwrap_or_default();
        import.cards.push(OwnCard {
            id: card_id.clone(),
            deck,
            front: first,
            back: second,
            tags: tags.clone(),
            cloze: is_cloze(*mid).then(|| OwnCloze {
                note: format!("anki-note:{nid}"),
                number: ord as u32 + 1,
            }),
        });

        // The history, replayed through FSRS for each review's memory state.
        let reviews = revlog.remove(&cid).unwrap_or_default();
        // As Anki: the memory starts at the first review of the last run of learning reviews
        // (a card reset to new starts again there).
        let mut start = 0;
        for (i, r) in reviews.iter().enumerate().rev() {
            if r.4 == 0 {
                start = i;
            } else if start > i {
                break;
            }
        }
        let mut memory = None;
        let mut last_day: Option<i64> = None;
        let mut last_review = None;
        for (i, &(id, ease, r_ivl, time, kind)) in reviews.iter().enumerate() {
            let at = id / 1000;
            let day = clock.days_since(at);
            let delta = last_day.map_or(0, |d: i64| (d - day).max(0) as u32);
            if i == start {
                memory = None;
            }
            let next = fsrs
                .next_states(memory, 0.9, delta)
                .map_err(|e| format!("card {cid}'s history: {e:?}"))?;
            let m = [next.again, next.hard, next.good, next.easy][ease as usize - 1].memory;
            memory = Some(m);
            last_day = Some(day);
            last_review = Some(at);
            import.log.push(ReviewEntry {
                id,
                card_id: card_id.clone(),
                reviewed_at: at,
                grade: ease,
                interval_days: if r_ivl < 0 {
                    -r_ivl as f32 / DAY as f32
                } else {
                    r_ivl as f32
                },
                stability: m.stability,
                difficulty: m.difficulty,
                phase_before: match kind {
                    0 if i == 0 => Phase::New,
                    0 => Phase::Learning,
                    2 => Phase::Relearning,
                    _ => Phase::Review,
                },
                duration_ms: time,
            });
        }
        // Anki's own memory state when it has one (FSRS was on), else the replayed one.
        let data: serde_json::Value = r
            .get::<_, String>(12)
            .ok()
            .and_then(|d| serde_json::from_str(&d).ok())
            .unwrap_or_default();
        let anki_memory = data["s"]
            .as_f64()
            .zip(data["d"].as_f64())
            .map(|(s, d)| (s as f32, d as f32));
        let memory = anki_memory.or(memory.map(|m| (m.stability, m.difficulty)));
        let last_review = data["lrt"].as_i64().or(last_review);
        let phase = match ctype {
            1 => Phase::Learning,
            2 => Phase::Review,
            3 => Phase::Relearning,
            _ => Phase::New,
        };
        let suspended = queue == -1;
        let buried = queue == -2 || queue == -3;
        if phase == Phase::New && !suspended && !buried {
            continue;
        }
        let due_at = match (phase, queue) {
            (Phase::New, _) => 0,
            // Learning cards due today are due at a time (Unix seconds); the others on a day.
            (Phase::Learning | Phase::Relearning, 1) => due,
            _ => clock.day_start(today + (due - anki_today)),
        };
        let remaining = (left % 1000) as u32;
        import.states.push(CardState {
            card_id,
            phase,
            step: match phase {
                Phase::Learning | Phase::Relearning => {
                    // Anki counts the steps left; Rapport the step reached.
                    let steps = if phase == Phase::Learning {
                        settings.learning_steps.len()
                    } else {
                        settings.relearning_steps.len()
                    } as u32;
                    steps.saturating_sub(remaining).min(steps.saturating_sub(1))
                }
                _ => 0,
            },
            memory,
            due: due_at,
            last_review,
            reps: reps.max(0) as u32,
            lapses: lapses.max(0) as u32,
            suspended,
            buried_until: buried.then(|| clock.day_start(today + 1)),
        });
    }
    progress("Reading cards", total, total);
    import.decks = deck_names.into_iter().collect();
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zstd_bomb_is_refused_and_a_small_frame_unpacks() {
        let zeros = vec![0u8; 4 << 20];
        let packed = ruzstd::encoding::compress_to_vec(
            &zeros[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        assert!(packed.len() < 20_000);
        let err = unzstd("collection.anki21b", &packed, MAX_COLLECTION).unwrap_err();
        assert!(err.contains("zip bomb"), "{err}");
        let text = b"a collection".repeat(100);
        let packed = ruzstd::encoding::compress_to_vec(
            &text[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        assert_eq!(unzstd("x", &packed, 1 << 20).unwrap(), text);
        let err = unzstd("x", &packed[..packed.len() / 2], 1 << 20).unwrap_err();
        assert!(err.contains("x cannot be unpacked"), "{err}");
    }

    #[test]
    fn protobuf_fields_are_read_and_damage_is_an_error() {
        // MediaEntries { entries: [{ name: "a.mp3", size: 3 }, { name: "b.png" }] }
        let mut b = vec![0x0a, 9, 0x0a, 5];
        b.extend_from_slice(b"a.mp3");
        b.extend_from_slice(&[0x10, 3, 0x0a, 7, 0x0a, 5]);
        b.extend_from_slice(b"b.png");
        assert_eq!(media_names_proto(&b).unwrap(), ["a.mp3", "b.png"]);
        // A notetype config whose kind (field 1) is cloze.
        assert_eq!(
            proto_fields(&[0x08, 0x01, 0x1a, 0x01, b'x']).unwrap(),
            [(1, ProtoValue::Varint(1)), (3, ProtoValue::Bytes(b"x"))]
        );
        assert!(
            proto_fields(&[0x0a, 0x10, 1]).is_err(),
            "a length past the end"
        );
        assert!(proto_fields(&[0x08, 0xff]).is_err(), "a number cut short");
    }

    #[test]
    fn html_fields_become_text_and_media_is_named() {
        let mut media = Vec::new();
        let text = field_text(
            "Goal<br>Reality &amp; <b>Options</b><img src=\"grow.png\">[sound:will.mp3]",
            &mut media,
        );
        assert_eq!(text, "Goal\nReality & Options[image: grow.png]");
        assert_eq!(media, vec!["grow.png", "will.mp3"]);
    }

    #[test]
    fn what_is_not_a_zip_is_refused() {
        assert!(
            zip_entries(b"not a zip at all")
                .unwrap_err()
                .contains("not a zip")
        );
    }
}
