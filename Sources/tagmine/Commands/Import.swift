import ArgumentParser
import Catalog
import Foundation
import Store
import TextMining
import Workflows

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import tag catalogues (CSV, TSV, iTunes/Music Library.xml, rekordbox XML, any XML).",
        discussion: """
            Each file is imported in one transaction: a malformed file imports nothing. Importing the
            same content again does nothing; a changed file at the same path updates its tracks.
            CSV columns are found by header (id|track_id, path|file|audio, title|name,
            description|comment, tags, artist, album); other columns are kept as track attributes.
            Only id and tags are required: tracks without audio are labeled, split and exported like
            the rest (`tagmine audio attach` links files later). A tag cell that is a JSON array or a
            Python list literal (['low quality', 'sad']) is read as its items (--tag-format).
            The folder audio paths resolve against (--audio-root, else the catalogue's folder) becomes
            an audio root, the only place the server serves audio from; paths outside every root are
            named in a warning (see `tagmine roots`).
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "Catalogue files.")
    var files: [String]

    @Option(
        help: "csv, tsv, jsonl, xml, itunes or rekordbox (default: from the extension and content).",
        transform: { try choice($0, as: CatalogFormat.init(rawValue:), choices: CatalogFormat.allCases) })
    var format: CatalogFormat?

    @Option(
        help: "Text encoding of CSV/TSV: auto, utf-8, cp932 (Shift_JIS) or utf-16.",
        transform: { try choice($0, as: TextEncoding.init(name:), choices: TextEncoding.allCases) })
    var encoding: TextEncoding = .auto

    @Option(name: .customLong("column"), help: "Map a field to a header: FIELD=HEADER (repeatable).")
    var columns: [String] = []

    @Option(help: "Characters that separate tags (default: , 、 ; | and line breaks).")
    var tagDelimiters: String?

    @Option(
        help: "Tag cells: auto (lists where a cell is one), list (every cell a list) or delimited.",
        transform: { try choice($0, as: TagFormat.init(rawValue:), choices: TagFormat.allCases) })
    var tagFormat: TagFormat = .auto

    @Option(
        help: ArgumentHelp(
            "Fields past the header's last column continue this field as further tags (only 'tags'); "
                + "automatic for MTG-Jamendo's autotagging.tsv.", valueName: "field"))
    var restInto: String?

    @Option(help: "Folder relative audio paths resolve against (default: the catalogue's folder).")
    var audioRoot: String?

    @Option(
        help: ArgumentHelp(
            "Attach audio files named after the tracks from the audio root, e.g. '{id}.{ext}' "
                + "(see `tagmine audio attach --help`).", valueName: "pattern"))
    var audioPattern: String?

    @Option(help: "The most tags one track may have; a row with more is refused.")
    var maxTags = 10_000

    @Option(help: "XML: XPath selecting one element per track, e.g. //track.")
    var record: String?

    @Option(name: .customLong("field"), help: "XML: NAME=XPATH relative to the record (repeatable).")
    var fields: [String] = []

    @Option(
        help: "A track id repeated within a file: error, skip or replace.",
        transform: { try choice($0, as: DuplicatePolicy.init(rawValue:), choices: DuplicatePolicy.allCases) })
    var onDuplicate: DuplicatePolicy = .error

    func validate() throws {
        for field in fields where !field.contains("=") {
            throw ValidationError("--field '\(field)' is not NAME=XPATH")
        }
        if tagDelimiters?.isEmpty == true { throw ValidationError("--tag-delimiters needs at least one character") }
        guard maxTags > 0 else { throw ValidationError("--max-tags must be at least 1") }
        if let restInto, restInto != TrackField.tags.rawValue {
            throw ValidationError("--rest-into takes 'tags': only tags continue past the header")
        }
    }

    func run() async throws {
        let store = try store.open()
        var options = CatalogOptions()
        options.format = format
        options.encoding = encoding
        options.columns = try ColumnMapping(assignments: columns)
        if let tagDelimiters { options.tagDelimiters = Set(tagDelimiters.unicodeScalars) }
        options.audioRoot = audioRoot
        options.maximumTags = maxTags
        options.tagFormat = tagFormat
        if restInto != nil { options.restIntoTags = true }
        options.recordPath = record
        options.fieldPaths = fields.map {
            let parts = $0.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts[1])
        }
        let pattern = try audioPattern.map(AudioFilePattern.init)

        var failures = 0
        for file in files {
            let progress = Progress(label: file)
            do {
                let workflow = ImportWorkflow(store: store)
                let summary: ImportSummary
                if let pattern {
                    let outcome = try await workflow.importCatalog(
                        at: file, options: options, onDuplicate: onDuplicate, progress: progress.report,
                        attaching: pattern)
                    summary = outcome.summary
                    progress.finish()
                    print(Self.describe(summary, file: file))
                    print(Audio.Attach.report(outcome.audio))
                } else {
                    summary = try await workflow.importCatalog(
                        at: file, options: options, onDuplicate: onDuplicate, progress: progress.report)
                    progress.finish()
                    print(Self.describe(summary, file: file))
                }
                for warning in summary.warnings { printError("Warning: \(warning)") }
            } catch {
                progress.finish()
                failures += 1
                printError("Error: \(error)")
            }
        }
        if failures == files.count { throw ExitCode.failure }
        if failures > 0 { throw ExitCode(partialFailureExitCode) }
    }

    static func describe(_ summary: ImportSummary, file: String) -> String {
        if summary.unchanged {
            return "\(file): already imported as source \(summary.sourceID) (same content); nothing to do"
        }
        let encoding = summary.encoding.map { ", \($0.rawValue)" } ?? ""
        var parts = ["\(summary.inserted) new"]
        if summary.updated > 0 { parts.append("\(summary.updated) updated") }
        if summary.skippedDuplicates > 0 { parts.append("\(summary.skippedDuplicates) duplicates skipped") }
        if summary.replacedDuplicates > 0 { parts.append("\(summary.replacedDuplicates) duplicates replaced") }
        if summary.missingFromFile > 0 { parts.append("\(summary.missingFromFile) no longer in the file (kept)") }
        let seconds = String(format: "%.2f", summary.seconds)
        return "\(file): \(summary.records) tracks (\(parts.joined(separator: ", "))), \(summary.tags) tags "
            + "[\(summary.format.rawValue)\(encoding), source \(summary.sourceID), \(seconds) s]"
    }
}

/// Parses an option value into one of an enumeration's cases, listing the choices when it is not one.
func choice<Value: RawRepresentable<String>>(
    _ text: String, as make: (String) -> Value?, choices: [Value]
) throws -> Value {
    guard let value = make(text) else {
        throw ValidationError("expected one of \(choices.map(\.rawValue).joined(separator: ", "))")
    }
    return value
}
