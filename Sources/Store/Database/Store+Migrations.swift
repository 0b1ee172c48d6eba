import GRDB

extension Store {
    /// The schema, as named migrations: a later Tagmine appends migrations and never edits these.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog") { db in
            try db.execute(
                sql: """
                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY,
                        path TEXT NOT NULL UNIQUE,
                        content_hash TEXT NOT NULL,
                        format TEXT NOT NULL,
                        encoding TEXT,
                        row_count INTEGER NOT NULL DEFAULT 0,
                        revision INTEGER NOT NULL DEFAULT 1,
                        imported_at TEXT NOT NULL
                    );
                    CREATE INDEX source_on_content_hash ON source(content_hash);

                    CREATE TABLE track (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        catalogue_id TEXT NOT NULL CHECK (catalogue_id <> ''),
                        audio_path TEXT,
                        title TEXT,
                        description TEXT,
                        artist TEXT,
                        album TEXT,
                        attributes TEXT NOT NULL DEFAULT '{}',
                        source_line INTEGER,
                        source_revision INTEGER NOT NULL,
                        UNIQUE (source_id, catalogue_id)
                    );

                    CREATE TABLE tag (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE CHECK (name <> '')
                    );

                    CREATE TABLE track_tag (
                        track_id INTEGER NOT NULL REFERENCES track(id) ON DELETE CASCADE,
                        tag_id INTEGER NOT NULL REFERENCES tag(id),
                        position INTEGER NOT NULL,
                        -- The tag as the catalogue wrote it; NULL when identical to tag.name, which
                        -- most tags are (a tenth less data written by a large import).
                        original TEXT CHECK (original IS NULL OR original <> ''),
                        PRIMARY KEY (track_id, tag_id)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
