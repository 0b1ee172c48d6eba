import Crypto
import Foundation
import GRDB
import TextMining

/// What `tagmine relabel` asks for: operations on a parent version, and who makes the new one.
public struct RelabelRequest: Sendable {
    /// The version changed.
    public var parent: LabelSet
    /// The changes, applied in order.
    public var operations: [RelabelOperation]
    /// The new version's name.
    public var name: String?
    /// Who makes it.
    public var author: String
    /// Why (kept in the operation and with every manual label).
    public var note: String?
    /// Refuse the request if the parent already has a child: what annotators editing one version
    /// concurrently need, so that neither overwrites the other's work unseen.
    public var requireLatest: Bool

    /// Creates a request.
    public init(
        parent: LabelSet, operations: [RelabelOperation], name: String? = nil, author: String, note: String? = nil,
        requireLatest: Bool = false
    ) {
        self.parent = parent
        self.operations = operations
        self.name = name
        self.author = author
        self.note = note
        self.requireLatest = requireLatest
    }
}

extension Store {
    /// Applies `request.operations` to the parent's labels and writes the result as one new version
    /// whose parent is `request.parent`. Every operation is checked first: an unknown class or track,
    /// merging a class into itself or dropping the last class throws and writes nothing.
    ///
    /// Relabels of the same parent by two processes at once both succeed, as two versions.
    public func relabel(_ request: RelabelRequest) async throws -> LabelSet {
        guard !request.operations.isEmpty else {
            throw StoreError(
                .invalidRequest, "no operation: give --drop, --merge, --rename, --rethreshold, --set or --unset")
        }
        let parent = request.parent
        let encoder = JSONEncoder.sorted
        let operation = try encoder.string(
            LabelOperation.relabel(
                operations: request.operations, summary: request.operations.map(\.summary).joined(separator: "; "),
                note: request.note))
        let id = try await writer.write { db -> Int64 in
            if request.requireLatest, let head = try Self.newestDescendant(of: parent.id, db) {
                throw StoreError(
                    .conflict,
                    "label set \(parent.id) has been changed since: the latest version is \(head); "
                        + "reload it and apply your changes there", head: head)
            }
            var editor = LabelEditor(classes: parent.classes, parentLabels: try Self.labels(of: parent.id, db))
            for change in request.operations {
                switch change {
                case .drop(let name): try editor.drop(name)
                case .merge(let sources, let target): try editor.merge(sources, into: target)
                case .rename(let name, let newName): try editor.rename(name, to: newName)
                case .rethreshold(let selection):
                    try Self.rethreshold(&editor, parent: parent, selection: selection, db)
                case .set(let track, let classes, let note):
                    let trackID = try Self.trackID(catalogueID: track, db)
                    let evidence = ManualEvidence(
                        author: request.author, note: note ?? request.note,
                        previous: editor.labels[trackID]?.map(\.className) ?? [])
                    try editor.set(trackID, to: classes, evidence: try encoder.string(evidence))
                case .unset(let track, _):
                    editor.unset(try Self.trackID(catalogueID: track, db))
                }
            }
            var hasher = SHA256()
            hasher.update(data: Data("\(parent.configHash)\n\(operation)".utf8))
            let labels = editor.labels.keys.sorted().flatMap { track in
                editor.labels[track, default: []].map {
                    NewLabelSet.Label(trackID: track, className: $0.className, origin: $0.origin, evidence: $0.evidence)
                }
            }
            return try Self.insert(
                NewLabelSet(
                    task: parent.task, classes: editor.classes, name: request.name, parentID: parent.id,
                    operation: operation, configHash: hasher.finalize().hexString, author: request.author,
                    labels: labels, evidenceSetID: parent.evidenceSetID), db)
        }
        return try await labelSet(id)
    }

    /// Re-cuts an emotion set over its stored scores; the parent's manual corrections stay on top.
    private static func rethreshold(
        _ editor: inout LabelEditor, parent: LabelSet, selection: EmotionSelection, _ db: Database
    ) throws {
        guard Set(editor.classes) == Set(EmotionClass.allCases.map(\.rawValue)) else {
            throw StoreError(
                .invalidRequest,
                "--rethreshold needs an emotion set with the classes positive and negative; this one has \(editor.classes.joined(separator: ", "))"
            )
        }
        var scores: [(id: Int64, score: Double)] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT track_id, score FROM label_score WHERE label_set_id = ? ORDER BY track_id",
            arguments: [parent.evidenceSetID])
        while let row = try rows.next() { scores.append((row[0], row[1])) }
        guard !scores.isEmpty else {
            throw StoreError(
                .invalidRequest,
                "label set \(parent.id) has no stored scores to cut again; --rethreshold works on emotion sets")
        }
        let cut = try selection.cut(scores)
        let manual = editor.labels.filter { $0.value.contains { $0.origin == .manual } }
        editor.labels = [:]
        for (emotion, tracks) in [(EmotionClass.positive, cut.positive), (.negative, cut.negative)] {
            for track in tracks {
                editor.labels[track] = [LabelEditor.Label(className: emotion.rawValue, origin: .rule)]
            }
        }
        editor.labels.merge(manual) { _, kept in kept }
    }

    /// Every label of set `id`, by track.
    static func labels(of id: Int64, _ db: Database) throws -> [Int64: [LabelEditor.Label]] {
        var labels: [Int64: [LabelEditor.Label]] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT track_id, class, origin, evidence FROM label WHERE label_set_id = ?", arguments: [id])
        while let row = try rows.next() {
            labels[row[0], default: []].append(
                LabelEditor.Label(className: row[1], origin: try Self.origin(row[2]), evidence: row[3]))
        }
        return labels
    }

    /// The store's id for the track the catalogue calls `catalogueID`.
    static func trackID(catalogueID: String, _ db: Database) throws -> Int64 {
        let tracks = try Int64.fetchAll(
            db, sql: "SELECT id FROM track WHERE catalogue_id = ? LIMIT 2", arguments: [catalogueID])
        guard let track = tracks.first else {
            throw StoreError(.notFound, "no track '\(catalogueID)'; `tagmine tracks` shows some")
        }
        guard tracks.count == 1 else {
            throw StoreError(.conflict, "track id '\(catalogueID)' is in several catalogues")
        }
        return track
    }
}

/// The evidence of a manual correction.
private struct ManualEvidence: Encodable {
    var author: String
    var note: String?
    var previous: [String]
}

extension Store {
    /// The newest label set derived, directly or not, from `set`; `nil` when nothing has been.
    public func newestDescendant(of set: LabelSet) async throws -> Int64? {
        try await writer.read { db in try Self.newestDescendant(of: set.id, db) }
    }

    static func newestDescendant(of id: Int64, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql: """
                WITH RECURSIVE descendant(id) AS (
                    SELECT id FROM label_set WHERE parent_id = ?
                    UNION ALL SELECT label_set.id FROM label_set JOIN descendant ON label_set.parent_id = descendant.id)
                SELECT max(id) FROM descendant
                """, arguments: [id])
    }
}
