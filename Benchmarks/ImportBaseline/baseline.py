"""Python baseline for `make bench-import`: pandas read_csv + sqlite3 executemany.

Does the work Tagmine's import does, the way a notebook would: read the tag CSV with pandas,
split and NFKC-normalise the tags, explode them to their own table, and write tracks, tags and
track-tag pairs with executemany in one transaction on a WAL database.

Usage: baseline.py TAGS.csv OUTPUT.db
"""

import sqlite3
import sys
import unicodedata

import pandas as pd
from schema import DELIMITERS, SCHEMA


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def main(csv_path: str, db_path: str) -> None:
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame.insert(0, "rowid", range(1, len(frame) + 1))

    exploded = frame[["rowid", "tags"]].assign(original=frame["tags"].str.split(DELIMITERS)).explode("original")
    exploded["original"] = exploded["original"].str.strip()
    exploded = exploded[exploded["original"].str.len() > 0]
    names = {text: normalise(text) for text in exploded["original"].unique()}
    exploded["name"] = exploded["original"].map(names)
    exploded = exploded.drop_duplicates(["rowid", "name"])
    exploded["position"] = exploded.groupby("rowid").cumcount()
    tag_ids = {name: index for index, name in enumerate(sorted(exploded["name"].unique()), start=1)}
    exploded["tag_id"] = exploded["name"].map(tag_ids)
    attributes = '{"bpm":"' + frame["bpm"] + '"}'

    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.executescript(SCHEMA)
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO track VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        zip(frame["rowid"], frame["id"], frame["path"], frame["title"], frame["description"], frame["artist"],
            frame["album"], attributes),
    )
    connection.executemany("INSERT INTO tag VALUES (?, ?)", ((i, n) for n, i in tag_ids.items()))
    connection.executemany(
        "INSERT INTO track_tag VALUES (?, ?, ?, ?)",
        zip(exploded["rowid"], exploded["tag_id"], exploded["position"], exploded["original"]),
    )
    connection.execute("COMMIT")
    connection.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
