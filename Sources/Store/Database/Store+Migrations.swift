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
        migrator.registerMigration("v2-label-sets") { db in
            try db.execute(
                sql: """
                    -- A label set is immutable: every change writes a new set whose parent is the old one.
                    CREATE TABLE label_set (
                        id INTEGER PRIMARY KEY,
                        name TEXT UNIQUE CHECK (name IS NULL OR name <> ''),
                        task TEXT NOT NULL CHECK (task <> ''),
                        classes TEXT NOT NULL CHECK (json_valid(classes)),
                        parent_id INTEGER REFERENCES label_set(id),
                        operation TEXT NOT NULL CHECK (json_valid(operation)),
                        config_hash TEXT NOT NULL,
                        tool_version TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );

                    -- One row per (track, class): multi-label sets have several rows for a track.
                    CREATE TABLE label (
                        label_set_id INTEGER NOT NULL REFERENCES label_set(id),
                        track_id INTEGER NOT NULL REFERENCES track(id),
                        class TEXT NOT NULL,
                        origin TEXT NOT NULL CHECK (origin IN ('rule', 'inherited', 'manual', 'imported')),
                        evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence)),
                        PRIMARY KEY (label_set_id, track_id, class)
                    ) WITHOUT ROWID;

                    -- Per-track scores behind a thresholded set (emotion), so it can be re-cut later.
                    CREATE TABLE label_score (
                        label_set_id INTEGER NOT NULL REFERENCES label_set(id),
                        track_id INTEGER NOT NULL REFERENCES track(id),
                        score REAL NOT NULL,
                        evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence)),
                        PRIMARY KEY (label_set_id, track_id)
                    ) WITHOUT ROWID;
                    """)
            try makeImmutable(db, tables: ["label_set", "label", "label_score"])
        }
        migrator.registerMigration("v3-tag-evidence") { db in
            try db.execute(
                sql: """
                    -- What each tag contributed to a rule-made label set (lexicon matches, keyword hits), once per
                    -- distinct tag rather than once per track: a track's evidence is that of its tags. From here on
                    -- label.evidence and label_score.evidence hold only what is particular to one track (a
                    -- description's matches, a manual correction's note).
                    CREATE TABLE label_tag_evidence (
                        label_set_id INTEGER NOT NULL REFERENCES label_set(id),
                        tag_id INTEGER NOT NULL REFERENCES tag(id),
                        evidence TEXT NOT NULL CHECK (json_valid(evidence)),
                        PRIMARY KEY (label_set_id, tag_id)
                    ) WITHOUT ROWID;
                    """)
            try makeImmutable(db, tables: ["label_tag_evidence"])
        }
        migrator.registerMigration("v4-relabel-and-splits") { db in
            try db.execute(
                sql: """
                    -- The set whose label_score and label_tag_evidence rows a derived set reads (a relabel keeps
                    -- its parent's scores and tag evidence instead of copying them); NULL means the set itself.
                    ALTER TABLE label_set ADD COLUMN evidence_set_id INTEGER REFERENCES label_set(id);
                    CREATE INDEX label_set_on_parent ON label_set(parent_id);
                    -- Corrections, label files and the review UI name tracks by the catalogue's id alone.
                    CREATE INDEX track_on_catalogue_id ON track(catalogue_id);

                    -- A split of one label set's tracks into parts (train / validation / test, or folds).
                    CREATE TABLE split (
                        id INTEGER PRIMARY KEY,
                        label_set_id INTEGER NOT NULL REFERENCES label_set(id),
                        name TEXT UNIQUE CHECK (name IS NULL OR name <> ''),
                        method TEXT NOT NULL CHECK (json_valid(method)),
                        parts TEXT NOT NULL CHECK (json_valid(parts)),
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE INDEX split_on_label_set ON split(label_set_id);

                    CREATE TABLE split_part (
                        split_id INTEGER NOT NULL REFERENCES split(id),
                        track_id INTEGER NOT NULL REFERENCES track(id),
                        part TEXT NOT NULL CHECK (part <> ''),
                        PRIMARY KEY (split_id, track_id)
                    ) WITHOUT ROWID;
                    """)
            try makeImmutable(db, tables: ["split", "split_part"])
        }
        migrator.registerMigration("v5-features") { db in
            try db.execute(
                sql: """
                    -- A named, versioned extractor parameter set; parameters_hash keys the feature cache.
                    CREATE TABLE extractor (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL CHECK (name <> ''),
                        version INTEGER NOT NULL,
                        parameters_hash TEXT NOT NULL UNIQUE,
                        spec TEXT NOT NULL CHECK (json_valid(spec))
                    );

                    -- One track's features for one extractor, valid while the file keeps its size and
                    -- modification time. data is rows × columns little-endian float32, row-major.
                    CREATE TABLE feature (
                        id INTEGER PRIMARY KEY,
                        track_id INTEGER NOT NULL REFERENCES track(id) ON DELETE CASCADE,
                        extractor_id INTEGER NOT NULL REFERENCES extractor(id),
                        file_size INTEGER NOT NULL,
                        file_mtime_ns INTEGER NOT NULL,
                        rows INTEGER NOT NULL CHECK (rows > 0),
                        columns INTEGER NOT NULL CHECK (columns > 0),
                        data BLOB NOT NULL CHECK (length(data) = 4 * rows * columns),
                        silent INTEGER NOT NULL CHECK (silent IN (0, 1)),
                        source TEXT NOT NULL CHECK (json_valid(source)),
                        extracted_at TEXT NOT NULL,
                        UNIQUE (track_id, extractor_id)
                    );
                    CREATE INDEX feature_on_extractor ON feature(extractor_id);

                    -- Why a track has no features for an extractor; file_size and file_mtime_ns are NULL
                    -- when there was no file to look at.
                    CREATE TABLE feature_failure (
                        track_id INTEGER NOT NULL REFERENCES track(id) ON DELETE CASCADE,
                        extractor_id INTEGER NOT NULL REFERENCES extractor(id),
                        file_size INTEGER,
                        file_mtime_ns INTEGER,
                        code TEXT NOT NULL CHECK (code <> ''),
                        message TEXT NOT NULL,
                        failed_at TEXT NOT NULL,
                        PRIMARY KEY (track_id, extractor_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6-runs") { db in
            try db.execute(
                sql: """
                    -- A training run: the exact label version, extractor, folds and options it used, its curves
                    -- and timings, and the final model file (README, "Model files").
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        name TEXT UNIQUE CHECK (name IS NULL OR name <> ''),
                        label_set_id INTEGER NOT NULL REFERENCES label_set(id),
                        extractor_id INTEGER NOT NULL REFERENCES extractor(id),
                        split_id INTEGER NOT NULL REFERENCES split(id),
                        classes TEXT NOT NULL CHECK (json_valid(classes)),
                        multi_label INTEGER NOT NULL CHECK (multi_label IN (0, 1)),
                        options TEXT NOT NULL CHECK (json_valid(options)),
                        curves TEXT NOT NULL CHECK (json_valid(curves)),
                        seconds REAL NOT NULL,
                        model BLOB NOT NULL,
                        tool_version TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );

                    -- Out-of-fold class probabilities (little-endian float32, in the run's class order).
                    CREATE TABLE run_prediction (
                        run_id INTEGER NOT NULL REFERENCES run(id),
                        track_id INTEGER NOT NULL REFERENCES track(id),
                        fold INTEGER NOT NULL,
                        probabilities BLOB NOT NULL,
                        PRIMARY KEY (run_id, track_id)
                    ) WITHOUT ROWID;

                    -- Labeled tracks a run could not use, and why (no features yet, a failed extraction).
                    CREATE TABLE run_skipped (
                        run_id INTEGER NOT NULL REFERENCES run(id),
                        track_id INTEGER NOT NULL REFERENCES track(id),
                        reason TEXT NOT NULL,
                        PRIMARY KEY (run_id, track_id)
                    ) WITHOUT ROWID;
                    """)
            try makeImmutable(
                db, tables: ["run", "run_prediction", "run_skipped"],
                message: "runs are immutable: train a new run instead")
        }
        migrator.registerMigration("v7-train-checkpoints") { db in
            try db.execute(
                sql: """
                    -- Folds of a training run still in progress, so that a rerun after an interruption
                    -- trains only the missing ones. `key` fingerprints everything the result depends on
                    -- (label version, extractor, split, options, tracks and their features); the rows go
                    -- when the run is stored.
                    CREATE TABLE train_checkpoint (
                        key TEXT NOT NULL,
                        fold INTEGER NOT NULL CHECK (fold >= 0),
                        tracks BLOB NOT NULL,          -- little-endian int64 track ids, held-out rows in order
                        probabilities BLOB NOT NULL,   -- little-endian float32, tracks × classes
                        curve TEXT NOT NULL CHECK (json_valid(curve)),
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (key, fold)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v8-audio-roots") { db in
            try db.execute(
                sql: """
                    -- The folders the server may serve audio from (README, "Security"): each import's
                    -- audio root, and those added with `tagmine roots add`.
                    CREATE TABLE audio_root (
                        path TEXT PRIMARY KEY CHECK (path LIKE '/%'),
                        added_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v9-half-precision-spectrograms") { db in
            // SQLite cannot change a CHECK constraint in place: the table is rebuilt with its rows.
            try db.execute(
                sql: """
                    -- data is rows × columns little-endian values, row-major: float32, or float16 for
                    -- spectrograms (FeatureBlob.storageBytes); their length tells which.
                    CREATE TABLE feature_v9 (
                        id INTEGER PRIMARY KEY,
                        track_id INTEGER NOT NULL REFERENCES track(id) ON DELETE CASCADE,
                        extractor_id INTEGER NOT NULL REFERENCES extractor(id),
                        file_size INTEGER NOT NULL,
                        file_mtime_ns INTEGER NOT NULL,
                        rows INTEGER NOT NULL CHECK (rows > 0),
                        columns INTEGER NOT NULL CHECK (columns > 0),
                        data BLOB NOT NULL CHECK (length(data) IN (4 * rows * columns, 2 * rows * columns)),
                        silent INTEGER NOT NULL CHECK (silent IN (0, 1)),
                        source TEXT NOT NULL CHECK (json_valid(source)),
                        extracted_at TEXT NOT NULL,
                        UNIQUE (track_id, extractor_id)
                    );
                    INSERT INTO feature_v9 SELECT * FROM feature;
                    DROP TABLE feature;
                    ALTER TABLE feature_v9 RENAME TO feature;
                    CREATE INDEX feature_on_extractor ON feature(extractor_id);
                    """)
        }
        migrator.registerMigration("v10-epoch-checkpoints") { db in
            try db.execute(
                sql: """
                    -- The running trainings of an interrupted run, after their last finished epoch: a
                    -- rerun goes on from there. `fold` counts from 1 (0 is the final model); a row goes
                    -- when its fold is checkpointed, and all of a key's when the run is stored.
                    CREATE TABLE train_epoch (
                        key TEXT NOT NULL,
                        fold INTEGER NOT NULL CHECK (fold >= 0),
                        state BLOB NOT NULL,
                        saved_at TEXT NOT NULL,
                        PRIMARY KEY (key, fold)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v11-multi-task-runs") { db in
            try db.execute(
                sql: """
                    -- The runs of one multi-task training, one per label set, share the id of the first.
                    ALTER TABLE run ADD COLUMN task_group INTEGER REFERENCES run(id);
                    CREATE INDEX run_on_task_group ON run(task_group);
                    """)
        }
        return migrator
    }

    /// Triggers that refuse every UPDATE and DELETE on `tables` with `message`.
    private static func makeImmutable(
        _ db: Database, tables: [String], message: String = "label sets are immutable: write a new version instead"
    ) throws {
        for table in tables {
            for event in ["UPDATE", "DELETE"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table)_is_immutable_on_\(event.lowercased()) BEFORE \(event) ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(message)'); END
                        """)
            }
        }
    }
}
