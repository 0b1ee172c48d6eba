import Catalog
import Foundation
import GRDB

/// The dataset formats `tagmine export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Neural Network Console dataset CSVs: `x:audio,y:label` with the class index, one file per part.
    case nnc
    /// One CSV: track id, audio path, label, part (and tags, evidence on request).
    case csv
    /// One JSON object per line, with the same fields.
    case jsonl
}

/// What to export and where.
public struct ExportRequest: Sendable {
    public var labelSet: LabelSet
    /// The split whose parts go with the tracks (none: one part).
    public var split: Split?
    public var format: ExportFormat
    /// The folder written to (created when missing).
    public var directory: String
    public var includeTags: Bool
    public var includeEvidence: Bool
    /// Audio paths relative to `directory` instead of absolute.
    public var relativePaths: Bool

    /// Creates a request.
    public init(
        labelSet: LabelSet, split: Split?, format: ExportFormat, directory: String, includeTags: Bool = false,
        includeEvidence: Bool = false, relativePaths: Bool = false
    ) {
        self.labelSet = labelSet
        self.split = split
        self.format = format
        self.directory = directory
        self.includeTags = includeTags
        self.includeEvidence = includeEvidence
        self.relativePaths = relativePaths
    }
}

/// What an export wrote.
public struct ExportSummary: Sendable {
    /// One file written and its data rows.
    public struct File: Sendable, Equatable {
        public var path: String
        public var rows: Int
    }

    public var files: [File]
    /// Labeled tracks left out of an NNC export: no audio path, or in no part of the split.
    public var skipped: [String]
}

extension Store {
    /// Writes `request.labelSet`'s labeled tracks as a dataset. Files appear complete or not at all:
    /// each is written under a temporary name and renamed when everything succeeded.
    public func export(_ request: ExportRequest) async throws -> ExportSummary {
        let rows = try await exportRows(request)
        let folder = AudioPathResolver(root: request.directory).root
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.missingFolder, "cannot create the export folder \(folder): \(error.localizedDescription)")
        }
        var writer = DatasetWriter(folder: folder)
        do {
            let summary = try writer.write(rows, request: request)
            try writer.commit()
            return summary
        } catch {
            writer.discard()
            throw error
        }
    }

    /// Every labeled track of the set with what the export needs, in track order.
    private func exportRows(_ request: ExportRequest) async throws -> [ExportRow] {
        let set = request.labelSet
        let parts: [Int64: String] =
            if let split = request.split { try await self.parts(of: split) } else { [:] }
        return try await writer.read { db in
            let order = Dictionary(uniqueKeysWithValues: set.classes.enumerated().map { ($1, $0) })
            var rows: [ExportRow] = []
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT track.id, track.catalogue_id, track.audio_path, label.class, label.evidence FROM label
                    JOIN track ON track.id = label.track_id WHERE label.label_set_id = ? ORDER BY track.id
                    """, arguments: [set.id])
            while let row = try cursor.next() {
                let track: Int64 = row[0]
                if rows.last?.trackID != track {
                    rows.append(ExportRow(trackID: track, catalogueID: row[1], audioPath: row[2], part: parts[track]))
                }
                rows[rows.count - 1].classes.append(row[3])
                if let evidence: String = row[4] { rows[rows.count - 1].labelEvidence[row[3]] = evidence }
            }
            let tags = try db.makeStatement(
                sql: """
                    SELECT COALESCE(track_tag.original, tag.name), label_tag_evidence.evidence FROM track_tag
                    JOIN tag ON tag.id = track_tag.tag_id
                    LEFT JOIN label_tag_evidence ON label_tag_evidence.tag_id = track_tag.tag_id
                        AND label_tag_evidence.label_set_id = ?
                    WHERE track_tag.track_id = ? ORDER BY track_tag.position
                    """)
            for index in rows.indices {
                rows[index].classes.sort { (order[$0] ?? .max) < (order[$1] ?? .max) }
                guard request.includeTags || request.includeEvidence else { continue }
                for tag in try Row.fetchAll(tags, arguments: [set.evidenceSetID, rows[index].trackID]) {
                    rows[index].tags.append(tag[0])
                    if let evidence: String = tag[1] { rows[index].tagEvidence.append((tag[0], evidence)) }
                }
            }
            return rows
        }
    }
}

/// One labeled track as exported.
struct ExportRow {
    var trackID: Int64
    var catalogueID: String
    var audioPath: String?
    var part: String?
    var classes: [String] = []
    var labelEvidence: [String: String] = [:]
    var tags: [String] = []
    var tagEvidence: [(tag: String, evidence: String)] = []

    /// The evidence as one JSON object: per label (manual notes, imported lines) and per tag.
    func evidenceObject() -> [String: Any] {
        func parsed(_ json: String) -> Any { (try? JSONSerialization.jsonObject(with: Data(json.utf8))) ?? json }
        var object: [String: Any] = [:]
        if !labelEvidence.isEmpty { object["labels"] = labelEvidence.mapValues(parsed) }
        if !tagEvidence.isEmpty {
            object["tags"] = tagEvidence.map { ["tag": $0.tag, "matches": parsed($0.evidence)] }
        }
        return object
    }
}
