import ArgumentParser
import Foundation
import Store
import TextMining
import Workflows

struct Sources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the imported catalogue files.")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let sources = try await store.open().sources()
        if json { return try printJSON(sources) }
        var table = Table(header: ["id", "format", "encoding", "rows", "imported", "path"], rightAligned: [0, 3])
        let dates = ISO8601DateFormatter()
        for source in sources {
            table.rows.append([
                "\(source.id)", source.format, source.encoding ?? "-", "\(source.rowCount)",
                dates.string(from: source.importedAt), source.path,
            ])
        }
        print(sources.isEmpty ? "No sources yet: import a catalogue with `tagmine import FILE`." : table.render())
    }
}

struct Tracks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Count the tracks and show a sample.")

    @OptionGroup var store: StoreOptions
    @Option(help: "How many tracks to show.") var limit = 5
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    func run() async throws {
        let store = try store.open()
        let count = try await store.trackCount()
        let sample = try await store.tracks(limit: limit)
        if json {
            struct Output: Encodable {
                var count: Int
                var tracks: [TrackSummary]
            }
            return try printJSON(Output(count: count, tracks: sample))
        }
        print("\(count) tracks")
        guard !sample.isEmpty else { return }
        var table = Table(header: ["id", "title", "artist", "tags", "audio"])
        for track in sample {
            table.rows.append([
                track.catalogueID, track.title ?? "", track.artist ?? "", track.tags.joined(separator: ", "),
                track.audioPath ?? "",
            ])
        }
        print(table.render())
    }
}

struct Tags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The most frequent normalised tags.")

    @OptionGroup var store: StoreOptions
    @Option(help: "How many tags to show.") var top = 20
    @Flag(help: "Only tags no keyword of --map covers: the candidates for new keywords.") var uncovered = false
    @Option(help: "The keyword map for --uncovered: a TOML file or a shipped map's name (genre, genre-seed, …).")
    var map: String?
    @OptionGroup var facet: FacetOptions
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
        guard uncovered == (map != nil) else { throw ValidationError("--uncovered and --map go together") }
        guard facet.facet == nil || map == nil else { throw ValidationError("--facet and --uncovered go separately") }
    }

    func run() async throws {
        let store = try store.open()
        let tags =
            if let name = facet.facet {
                try await LabelingWorkflow(store: store).facetValues(name, facets: facet.facets, limit: top)
            } else if let map {
                try await LabelingWorkflow(store: store).uncoveredTags(by: KeywordMap.named(map), limit: top)
            } else {
                try await store.topTags(limit: top)
            }
        if json { return try printJSON(tags) }
        guard !tags.isEmpty else { return print("No tags yet: import a catalogue with `tagmine import FILE`.") }
        print(Self.table(tags, of: try await store.trackCount()))
    }

    /// The ranked tag table: rank, tag, tracks, and share of all tracks.
    static func table(_ tags: [TagCount], of tracks: Int) -> String {
        var table = Table(header: ["rank", "tag", "tracks", "share"], rightAligned: [0, 2, 3])
        for (rank, tag) in tags.enumerated() {
            table.rows.append(["\(rank + 1)", tag.tag, "\(tag.tracks)", percent(tag.tracks, of: tracks)])
        }
        return table.render()
    }
}

/// Which tags have a facet (`genre---rock`, `instrument:piano`) and the one asked for.
struct FacetOptions: ParsableArguments {
    @Option(help: "Only the values of tags in this facet: genre for genre---rock.") var facet: String?
    @Option(
        name: .customLong("facet-separator"),
        help: "What separates a facet from its value (repeatable; default: --- and :).")
    var separators: [String] = []

    /// The facets as asked.
    var facets: TagFacets { TagFacets(separators: separators.isEmpty ? TagFacets.defaultSeparators : separators) }
}
