import Foundation
import GRDB
public import Records

/// Where `tagmine labels import` takes existing labels from.
public enum LabelSource: Sendable {
    /// An imported catalogue column kept as a track attribute (`genre`, `fold`, …).
    case attribute(String)
    /// A ``LabelFile``: `track_id,label[,note]`.
    case file(LabelFile)
    /// Classes already worked out per track (a tag facet's values), and where they came from
    /// (`facet:genre`).
    case classes([Int64: [String]], source: String)
}

/// The outcome of importing labels: the set written and the rows that could not be used.
public struct LabelImport: Sendable {
    /// One row that could not be used, and why.
    public struct Failure: Sendable, Equatable {
        public var line: Int
        public var track: String
        public var message: String
    }

    /// The set written.
    public var labelSet: LabelSet
    /// Rows naming tracks the store does not have (the rest were imported).
    public var failures: [Failure]
}

extension Store {
    /// Creates a label set from labels the catalogue already has: curated ground truth, another
    /// team's annotations. Labels become classes in sorted order; their origin is `imported`. Rows
    /// of a label file naming unknown tracks are reported and skipped; when none is usable nothing
    /// is written.
    public func importLabels(
        task: String, from source: LabelSource, name: String? = nil, author: String
    ) async throws -> LabelImport {
        guard !task.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(.invalidRequest, "--task needs a name (genre, mood, …)")
        }
        let encoder = JSONEncoder.sorted
        let (id, failures) = try await writer.write { db -> (Int64, [LabelImport.Failure]) in
            var failures: [LabelImport.Failure] = []
            var labels: [Int64: [NewLabelSet.Label]] = [:]
            let description: String
            switch source {
            case .attribute(let column):
                description = "attribute:\(column)"
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT id, json_extract(attributes, ?) FROM track ORDER BY id",
                    arguments: [Self.attributePath(column)])
                while let row = try rows.next() {
                    guard let value = (row[1] as String?)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                        continue
                    }
                    labels[row[0]] = [NewLabelSet.Label(trackID: row[0], className: value, origin: .imported)]
                }
                guard !labels.isEmpty else {
                    let known = try String.fetchAll(
                        db, sql: "SELECT DISTINCT key FROM track, json_each(track.attributes) ORDER BY key LIMIT 40")
                    throw StoreError(
                        .notFound,
                        "no track has a value for attribute '\(column)'; attributes are: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
                    )
                }
            case .classes(let classes, let source):
                description = source
                for (track, names) in classes {
                    labels[track] = names.map { NewLabelSet.Label(trackID: track, className: $0, origin: .imported) }
                }
                guard !labels.isEmpty else {
                    throw StoreError(.notFound, "\(source) gives no track a label; nothing written")
                }
            case .file(let file):
                description = file.path
                for row in file.rows {
                    let track: Int64
                    do {
                        track = try Self.trackID(catalogueID: row.track, db)
                    } catch let error as StoreError {
                        failures.append(LabelImport.Failure(line: row.line, track: row.track, message: error.message))
                        continue
                    }
                    guard let label = row.label, labels[track]?.contains(where: { $0.className == label }) != true
                    else { continue }
                    let evidence = LabelEvidence.labelFile(line: row.line, note: row.note)
                    labels[track, default: []].append(
                        NewLabelSet.Label(trackID: track, className: label, origin: .imported, evidence: evidence))
                }
                guard !labels.isEmpty else {
                    throw StoreError(
                        .invalidRequest, "\(file.path): no row names a track in the store with a label; nothing written"
                    )
                }
            }
            let ordered = labels.keys.sorted().flatMap {
                labels[$0, default: []].sorted { $0.className < $1.className }
            }
            let id = try Self.insert(
                NewLabelSet(
                    task: task, classes: Set(ordered.map(\.className)).sorted(), name: name,
                    operation: try encoder.string(LabelOperation.importLabels(task: task, source: description)),
                    configHash: NewLabelSet.configHash(task, labels: ordered), author: author, labels: ordered), db)
            return (id, failures)
        }
        return LabelImport(labelSet: try await labelSet(id), failures: failures)
    }
}
