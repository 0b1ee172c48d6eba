import Catalog
import Foundation
import Store

/// Writes the files of one export under temporary names; ``commit()`` renames them into place,
/// ``discard()`` removes them, so a failed export leaves no half-written dataset behind.
struct DatasetWriter {
    let folder: String
    private var pending: [(temporary: String, final: String)] = []

    init(folder: String) {
        self.folder = folder
    }

    /// Writes `rows` in the request's format; `predictions` (a run's most probable class and its
    /// probability, by track) go with a Label Studio export.
    mutating func write(
        _ rows: [ExportRow], request: ExportRequest,
        predictions: [String: (className: String, probability: Float)] = [:]
    ) throws -> ExportSummary {
        switch request.format {
        case .nnc: try writeNNC(rows, request: request)
        case .csv: try writeCSV(rows, request: request)
        case .jsonl: try writeJSONLines(rows, request: request)
        case .audiofolder: try writeAudioFolder(rows, request: request)
        case .labelstudio: try writeLabelStudio(rows, request: request, predictions: predictions)
        }
    }

    /// Label Studio's task import: `tasks.json`, one task per labeled track with `data` (audio,
    /// track_id, tags) and `predictions`: the version's labels, and the run's most probable class with
    /// its probability as the score; `label_config.xml`, the project's labeling interface (one
    /// choice per class, several at once for a multi-label set).
    private mutating func writeLabelStudio(
        _ rows: [ExportRow], request: ExportRequest, predictions: [String: (className: String, probability: Float)]
    ) throws -> ExportSummary {
        let set = request.labelSet
        let version = "tagmine label set \(set.id)" + (set.name.map { " (\($0))" } ?? "")
        let model = request.run.map { "tagmine run \($0.id)" + ($0.name.map { " (\($0))" } ?? "") } ?? ""
        func choices(_ classes: [String], model: String, score: Float?) -> [String: Any] {
            var prediction: [String: Any] = [
                "model_version": model,
                "result": [
                    [
                        "from_name": "label", "to_name": "audio", "type": "choices",
                        "value": ["choices": classes],
                    ] as [String: Any]
                ],
            ]
            if let score { prediction["score"] = Double(score) }
            return prediction
        }
        var tasks: [[String: Any]] = []
        for row in rows {
            var data: [String: Any] = ["track_id": row.catalogueID, "tags": row.tags.joined(separator: ", ")]
            if let audio = row.audioPath { data["audio"] = path(audio, request) }
            if let part = row.part { data["part"] = part }
            var taskPredictions = [choices(row.classes, model: version, score: nil)]
            if let predicted = predictions[row.catalogueID] {
                taskPredictions.append(choices([predicted.className], model: model, score: predicted.probability))
            }
            tasks.append(["data": data, "predictions": taskPredictions])
        }
        let json = try JSONSerialization.data(
            withJSONObject: tasks, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])
        let multiple = rows.contains { $0.classes.count > 1 }
        let config =
            [
                "<View>", "  <Audio name=\"audio\" value=\"$audio\"/>",
                "  <Choices name=\"label\" toName=\"audio\" choice=\"\(multiple ? "multiple" : "single")\">",
            ]
            + set.classes.map { "    <Choice value=\"\(Self.xmlEscaped($0))\"/>" } + ["  </Choices>", "</View>"]
        return ExportSummary(
            files: [
                try stage("tasks.json", String(decoding: json, as: UTF8.self) + "\n", rows: rows.count),
                try stage("label_config.xml", config.joined(separator: "\n") + "\n", rows: set.classes.count),
            ], skipped: [])
    }

    private static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Hugging Face's `AudioFolder` layout: one folder per part (`train`, `validation`, `test`,
    /// `fold-1` …; `train` without a split) holding each track's audio, hard-linked (copied across
    /// file systems) as `<track id>.<ext>`, and a `metadata.csv` of `file_name`, `label` (several
    /// joined by `|`) and `track_id`.
    private mutating func writeAudioFolder(_ rows: [ExportRow], request: ExportRequest) throws -> ExportSummary {
        let parts = request.split?.parts ?? ["train"]
        var lines = Dictionary(
            uniqueKeysWithValues: parts.map { ($0, [CSVWriting.line(["file_name", "label", "track_id"])]) })
        var names = Dictionary(uniqueKeysWithValues: parts.map { ($0, Set<String>()) })
        var skipped: [String] = []
        for row in rows {
            guard let audio = row.audioPath, FileManager.default.fileExists(atPath: audio),
                let part = request.split == nil ? "train" : row.part
            else {
                skipped.append(row.catalogueID)
                continue
            }
            var name = Self.fileName(row.catalogueID, extension: (audio as NSString).pathExtension)
            while names[part, default: []].contains(name) { name = "_" + name }
            names[part, default: []].insert(name)
            try stageAudio(audio, as: "\(part)/\(name)")
            lines[part, default: []].append(
                CSVWriting.line([name, row.classes.joined(separator: "|"), row.catalogueID]))
        }
        var files: [ExportSummary.File] = []
        for part in parts {
            let partLines = lines[part] ?? []
            files.append(
                try stage("\(part)/metadata.csv", partLines.joined(separator: "\n") + "\n", rows: partLines.count - 1))
        }
        return ExportSummary(files: files, skipped: skipped)
    }

    /// A file name for a track's audio: its id with path separators, controls and a leading dot
    /// replaced, and the audio's extension.
    private static func fileName(_ id: String, extension ext: String) -> String {
        let safe = String(
            String.UnicodeScalarView(
                id.unicodeScalars.map { scalar in
                    scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control ? "_" : scalar
                }))
        let stem = safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe
        return ext.isEmpty ? stem : stem + "." + ext
    }

    /// Links (or copies) `source` to a temporary name beside `name`, renamed into place on commit.
    private mutating func stageAudio(_ source: String, as name: String) throws {
        let (temporary, final) = try temporaryPath(for: name)
        try? FileManager.default.removeItem(atPath: temporary)
        if link(source, temporary) != 0 {
            do {
                try FileManager.default.copyItem(atPath: source, toPath: temporary)
            } catch {
                throw StoreError(.missingFolder, "cannot copy \(source) to \(temporary): \(error.localizedDescription)")
            }
        }
        pending.append((temporary, final))
    }

    /// One file per part (`train.csv`, `fold-1.csv`; `dataset.csv` without a split) with the header
    /// `x:audio,y:label` and the class index, or `y__0:A,y__1:B…` one-hot columns for a multi-label
    /// set; plus `classes.csv` (index, class).
    private mutating func writeNNC(_ rows: [ExportRow], request: ExportRequest) throws -> ExportSummary {
        let classes = request.labelSet.classes
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let multiLabel = rows.contains { $0.classes.count > 1 }
        let header =
            multiLabel
            ? (["x:audio"] + classes.enumerated().map { "y__\($0.offset):\($0.element)" })
            : ["x:audio", "y:label"]
        let parts = request.split?.parts ?? ["dataset"]
        var lines = Dictionary(
            uniqueKeysWithValues: parts.map { ($0, [CSVWriting.line(header)]) })
        var skipped: [String] = []
        for row in rows {
            guard let audio = row.audioPath, let part = request.split == nil ? "dataset" : row.part else {
                skipped.append(row.catalogueID)
                continue
            }
            let labels: [CSVCell] =
                multiLabel
                ? classes.map { .integer(row.classes.contains($0) ? 1 : 0) }
                : [.integer(index[row.classes[0]] ?? 0)]
            lines[part, default: []].append(CSVWriting.line([.text(path(audio, request))] + labels))
        }
        var files: [ExportSummary.File] = []
        for part in parts {
            let partLines = lines[part] ?? []
            files.append(try stage("\(part).csv", partLines.joined(separator: "\n") + "\n", rows: partLines.count - 1))
        }
        let classLines =
            ["index,class"] + classes.enumerated().map { CSVWriting.line([.integer($0.offset), .text($0.element)]) }
        files.append(try stage("classes.csv", classLines.joined(separator: "\n") + "\n", rows: classes.count))
        return ExportSummary(files: files, skipped: skipped)
    }

    /// `labels.csv`: track_id, audio_path, label (several joined by `|`), part, [tags], [evidence].
    private mutating func writeCSV(_ rows: [ExportRow], request: ExportRequest) throws -> ExportSummary {
        var header = ["track_id", "audio_path", "label", "part"]
        if request.includeTags { header.append("tags") }
        if request.includeEvidence { header.append("evidence") }
        var lines = [CSVWriting.line(header)]
        for row in rows {
            var fields = [
                row.catalogueID, row.audioPath.map { path($0, request) } ?? "", row.classes.joined(separator: "|"),
                row.part ?? "",
            ]
            if request.includeTags { fields.append(row.tags.joined(separator: "|")) }
            if request.includeEvidence { fields.append(try Self.json(Self.evidence(of: row))) }
            lines.append(CSVWriting.line(fields))
        }
        return ExportSummary(
            files: [try stage("labels.csv", lines.joined(separator: "\n") + "\n", rows: rows.count)], skipped: [])
    }

    /// `labels.jsonl`: one object per track with the CSV's fields (labels and tags as arrays).
    private mutating func writeJSONLines(_ rows: [ExportRow], request: ExportRequest) throws -> ExportSummary {
        var text = ""
        for row in rows {
            var object: [String: Any] = [
                "track_id": row.catalogueID, "labels": row.classes,
                "audio_path": row.audioPath.map { path($0, request) } ?? NSNull(), "part": row.part ?? NSNull(),
            ]
            if request.includeTags { object["tags"] = row.tags }
            if request.includeEvidence { object["evidence"] = try Self.evidence(of: row) }
            text += try Self.json(object) + "\n"
        }
        return ExportSummary(files: [try stage("labels.jsonl", text, rows: rows.count)], skipped: [])
    }

    private func path(_ audio: String, _ request: ExportRequest) -> String {
        request.relativePaths ? AudioPathResolver.relative(audio, from: folder) : audio
    }

    /// A row's evidence as one JSON object: per label (manual notes, imported lines) and per tag.
    private static func evidence(of row: ExportRow) throws -> [String: Any] {
        func object(_ value: some Encodable) throws -> Any {
            try JSONSerialization.jsonObject(with: JSONEncoder.sorted.encode(value))
        }
        var evidence: [String: Any] = [:]
        if !row.labelEvidence.isEmpty { evidence["labels"] = try row.labelEvidence.mapValues(object) }
        if !row.tagEvidence.isEmpty {
            evidence["tags"] = try row.tagEvidence.map { ["tag": $0.tag, "matches": try object($0.evidence)] }
        }
        return evidence
    }

    private static func json(_ object: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private mutating func stage(_ name: String, _ text: String, rows: Int) throws -> ExportSummary.File {
        let (temporary, final) = try temporaryPath(for: name)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw StoreError(.missingFolder, "cannot write \(temporary)")
        }
        pending.append((temporary, final))
        return ExportSummary.File(path: final, rows: rows)
    }

    /// The final path of `name` (relative to the folder, perhaps in a subfolder, which is created)
    /// and the hidden temporary name beside it.
    private func temporaryPath(for name: String) throws -> (temporary: String, final: String) {
        let final = folder + "/" + name
        let directory = (final as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.missingFolder, "cannot create \(directory): \(error.localizedDescription)")
        }
        return (directory + "/." + (final as NSString).lastPathComponent + ".partial", final)
    }

    mutating func commit() throws {
        for file in pending {
            if rename(file.temporary, file.final) != 0 {
                throw StoreError(.missingFolder, "cannot move \(file.temporary) to \(file.final): errno \(errno)")
            }
        }
        pending = []
    }

    mutating func discard() {
        for file in pending { try? FileManager.default.removeItem(atPath: file.temporary) }
        pending = []
    }
}
