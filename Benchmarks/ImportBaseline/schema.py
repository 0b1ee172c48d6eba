"""The tables both import baselines write (the columns Tagmine's import fills) and the tag
delimiters they split on."""

import re

SCHEMA = """
CREATE TABLE track (
    id INTEGER PRIMARY KEY, catalogue_id TEXT NOT NULL UNIQUE, audio_path TEXT, title TEXT,
    description TEXT, artist TEXT, album TEXT, attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE track_tag (
    track_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, position INTEGER NOT NULL,
    original TEXT NOT NULL, PRIMARY KEY (track_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX track_tag_on_tag ON track_tag(tag_id);
"""

DELIMITERS = re.compile(r"[,、;|\n\r，；｜]")
