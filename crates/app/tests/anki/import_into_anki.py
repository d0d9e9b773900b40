"""Imports a Rapport export into a fresh Anki collection with Anki's own importer (the `anki`
package from PyPI) and prints what Anki made of it, as JSON, for tests/anki_export.rs to check.

Usage: python import_into_anki.py EXPORT.txt COLLECTION.anki2
"""
import html
import json
import re
import sys

from anki.collection import Collection, ImportCsvRequest


def main() -> None:
    export_path, collection_path = sys.argv[1], sys.argv[2]
    col = Collection(collection_path)
    # Everything the file's header lines say (separator, html, columns, notetype, deck, tags,
    # guid) is read by Anki here; nothing is set by hand, as when a learner imports it.
    metadata = col.get_csv_metadata(path=export_path, delimiter=None)
    response = col.import_csv(ImportCsvRequest(path=export_path, metadata=metadata))
    log = response.log
    notes = []
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        cards = note.cards()
        notes.append(
            {
                "guid": note.guid,
                "notetype": note.note_type()["name"],
                # The file says `html:false`, so Anki stores each field as HTML (quotes and
                # ampersands escaped, line breaks as <br>); turn that back into the text shown.
                "fields": {
                    name: html.unescape(re.sub(r"<br\s*/?>", "\n", value))
                    for name, value in zip(col.models.field_names(note.note_type()), note.fields)
                },
                "tags": note.tags,
                "decks": sorted({col.decks.name(card.did) for card in cards}),
                "cards": len(cards),
            }
        )
    print(
        json.dumps(
            {
                "new": len(log.new),
                "updated": len(log.updated),
                "duplicate": len(log.duplicate),
                "conflicting": len(log.conflicting),
                "missing_notetype": len(log.missing_notetype),
                "empty_first_field": len(log.empty_first_field),
                "notes": notes,
            }
        )
    )
    col.close()


if __name__ == "__main__":
    main()
