import Catalog
import Foundation
public import Store

/// The dataset formats `tagmine export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Neural Network Console dataset CSVs: `x:audio,y:label` with the class index, one file per part.
    case nnc
    /// One CSV: track id, audio path, label, part (and tags, evidence on request).
    case csv
    /// One JSON object per line, with the same fields.
    case jsonl
    /// Hugging Face `AudioFolder`: a folder per part holding the audio and a `metadata.csv`.
    case audiofolder
    /// Label Studio: `tasks.json` (each track with the version's labels and a run's prediction as
    /// pre-annotations) and the project's `label_config.xml`.
    case labelstudio
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
    /// The run whose out-of-fold predictions a Label Studio export attaches.
    public var run: Run?

    /// Creates a request.
    public init(
        labelSet: LabelSet, split: Split?, format: ExportFormat, directory: String, includeTags: Bool = false,
        includeEvidence: Bool = false, relativePaths: Bool = false, run: Run? = nil
    ) {
        self.run = run
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
    /// Labeled tracks left out of an NNC or AudioFolder export: no audio (or its file is gone), or in
    /// no part of the split.
    public var skipped: [String]
}

/// Writing a label version as a dataset: Neural Network Console CSVs, one CSV, or JSON Lines, with
/// the split's parts.
///
/// ```swift
/// let summary = try await ExportWorkflow(store: store).export(
///     ExportRequest(labelSet: set, split: split, format: .nnc, directory: "dataset"))
/// ```
public struct ExportWorkflow: Sendable {
    /// The store the label versions and splits are in.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Writes `request.labelSet`'s labeled tracks as a dataset. Files appear complete or not at all:
    /// each is written under a temporary name and renamed when everything succeeded.
    public func export(_ request: ExportRequest) async throws -> ExportSummary {
        let parts: [Int64: String] =
            if let split = request.split { try await store.parts(of: split) } else { [:] }
        let rows = try await store.exportRows(
            of: request.labelSet, parts: parts,
            withTags: request.includeTags || request.includeEvidence || request.format == .labelstudio)
        let folder = AudioPathResolver(root: request.directory).root
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.missingFolder, "cannot create the export folder \(folder): \(error.localizedDescription)")
        }
        var predictions: [String: (className: String, probability: Float)] = [:]
        if let run = request.run {
            for prediction in try await store.predictions(of: run) {
                let best = prediction.predicted
                predictions[prediction.catalogueID] = (run.classes[best], prediction.probabilities[best])
            }
        }
        var writer = DatasetWriter(folder: folder)
        do {
            let summary = try writer.write(rows, request: request, predictions: predictions)
            try writer.commit()
            return summary
        } catch {
            writer.discard()
            throw error
        }
    }
}
