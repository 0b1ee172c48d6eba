public import Catalog
import Foundation
public import Store

/// Importing catalogue files: reading them with `Catalog` and writing their tracks and tags.
public struct ImportWorkflow: Sendable {
    /// The store written.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Imports the catalogue file at `path` in one transaction: a malformed file imports nothing.
    ///
    /// Re-importing a file whose content is already in the store does nothing. Re-importing a
    /// changed file from the same path updates its tracks by catalogue id and adds new ones.
    ///
    /// The folder relative audio paths resolve against (`options.audioRoot`, else the catalogue's
    /// folder) becomes an audio root when the file's audio lies under it; audio paths outside every
    /// root are reported in the summary's warnings, by line.
    ///
    /// - Parameter progress: called with the number of records read, every few thousand records.
    public func importCatalog(
        at path: String,
        options: CatalogOptions,
        onDuplicate: DuplicatePolicy = .error,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> ImportSummary {
        let started = Date()
        let source = CatalogueSource(
            path: URL(fileURLWithPath: path).standardizedFileURL.path,
            contentHash: try CatalogFile.fingerprint(of: path),
            audioRoot: AudioPathResolver(root: options.audioRoot ?? CatalogFile.folder(of: path)).root)
        var summary = try await store.importCatalog(source, onDuplicate: onDuplicate, progress: progress) {
            try CatalogFile.reader(for: path, options: options)
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Imports the catalogue file at `path`, then attaches the audio files in its audio root
    /// (`options.audioRoot`, else the catalogue's folder) that `pattern` names after its tracks.
    public func importCatalog(
        at path: String,
        options: CatalogOptions,
        onDuplicate: DuplicatePolicy = .error,
        progress: (@Sendable (Int) -> Void)? = nil,
        attaching pattern: AudioFilePattern
    ) async throws -> (summary: ImportSummary, audio: AudioAttachment) {
        let summary = try await importCatalog(at: path, options: options, onDuplicate: onDuplicate, progress: progress)
        let audio = try await AudioWorkflow(store: store).attach(
            folder: options.audioRoot ?? CatalogFile.folder(of: path), pattern: pattern, sourceID: summary.sourceID)
        return (summary, audio)
    }
}
