import ArgumentParser
import Catalog
import Foundation
import Store
import TextMining

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the loop on a generated demo catalogue: generate, import, first look at the tags.")

    @Option(help: "Folder for the demo catalogue and its store.") var dir = "demo"
    @Option(help: "Number of tracks in the demo catalogue.") var tracks = 2_000

    func validate() throws {
        guard tracks > 0 else { throw ValidationError("--tracks must be at least 1") }
    }

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let catalogue = "\(dir)/tags.csv"
        let storePath = "\(dir)/tagmine.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

        try SyntheticCatalog(seed: 42).writeCSV(rows: tracks, to: catalogue, encoding: .cp932)
        print("1. Wrote \(catalogue): \(tracks) tracks, CP932 with CRLF, as Excel exports Japanese catalogues")

        let store = try Store.create(at: storePath)
        let summary = try await store.importCatalog(at: catalogue, options: CatalogOptions())
        print("2. Imported: " + Import.describe(summary, file: catalogue))

        let top = try await store.topTags(limit: 10)
        print("3. The first look at a catalogue, its most frequent tags (after NFKC and case folding):\n")
        print(Tags.table(top, of: summary.records))
        let tool = CommandLine.arguments[0]
        print("\nExplore it: \(tool) tags --db \(storePath) --top 30")
        print("            \(tool) tracks --db \(storePath) --limit 10")
    }
}
