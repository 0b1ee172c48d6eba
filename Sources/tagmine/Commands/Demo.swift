import ArgumentParser
import Catalog
import Foundation
import Store
import TextMining

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run the loop on a generated demo catalogue: generate, import, look at the tags, label, relabel, split, export."
    )

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

        let top = try await store.topTags(limit: 8)
        print("3. The first look at a catalogue, its most frequent tags (after NFKC and case folding):\n")
        print(Tags.table(top, of: summary.records))

        let extremes = max(1, tracks / 6)
        let emotion = try await store.labelEmotion(
            EmotionRequest(
                lexicon: try BuiltinLexicons.polarity(), options: PolarityOptions(), selection: .top(extremes),
                name: "emotion-v1", author: "demo"))
        print(
            "\n4. Emotion: scored \(emotion.scores.count) tracks with the built-in lexicon (\(emotion.unscored) unscored); "
                + "the \(extremes) highest positive, the \(extremes) lowest negative → label set 'emotion-v1'")
        print(
            Histogram(values: emotion.scores, markers: [(emotion.low, "negative"), (emotion.high, "positive")]).render()
        )

        for (task, map, name) in [
            ("genre", "genre-seed", "genre-v1"), ("instrument", "instrument-seed", "instrument-v1"),
        ] {
            let result = try await store.labelKeywords(map: KeywordMap.named(map), name: name, author: "demo")
            let counts = result.counts.map { "\($0.className) \($0.tracks)" }.joined(separator: ", ")
            print(
                "\n\(task == "genre" ? 5 : 6). \(task.capitalized) (\(map) map): \(counts); "
                    + "\(result.labeled) labeled, \(result.ambiguous) ambiguous → label set '\(name)'")
        }

        let genre = try await store.labelSet(named: "genre-v1")
        let noPops = try await store.relabel(
            RelabelRequest(
                parent: genre, operations: [.drop("pops")], name: "genre-v2-no-pops", author: "demo",
                note: "pops overlaps every other genre"))
        let dropped = try await store.diff(genre, noPops, limit: 0)
        print(
            "\n7. Relabel: dropped the ambiguous 'pops' from genre-v1 → 'genre-v2-no-pops' "
                + "(\(dropped.changedTracks) tracks unlabeled, \(noPops.labeledTracks) labeled; the parent is unchanged)"
        )

        let split = try await store.split(
            noPops, SplitRequest(method: .folds(5), groupBy: .artist, seed: 42, name: "genre-v2-folds", author: "demo"))
        let sizes = split.split.parts.map { "\(split.split.counts[$0]?.values.reduce(0, +) ?? 0)" }
        print(
            "8. Split: 5 folds stratified by genre, no artist in two folds → tracks per fold "
                + sizes.joined(separator: " / "))

        let exported = try await store.export(
            ExportRequest(labelSet: noPops, split: split.split, format: .nnc, directory: "\(dir)/dataset"))
        print(
            "9. Exported a Neural Network Console dataset: "
                + exported.files.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
                + " in \(dir)/dataset")

        let tool = CommandLine.arguments[0]
        print("\nExplore it: \(tool) labels list --db \(storePath)")
        print("            \(tool) labels diff --db \(storePath) genre-v1 genre-v2-no-pops")
        print("            \(tool) labels show --db \(storePath) emotion-v1 --track T0000001")
        print("            \(tool) tags --db \(storePath) --uncovered --map genre-seed")
    }
}
