import ArgumentParser
import AudioFeatures
import Catalog
import DemoCatalog
import Evaluation
import Foundation
import Learning
import Store
import TextMining
import Workflows

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The loop on a generated demo catalogue, or just the catalogue.",
        subcommands: [RunLoop.self, Generate.self],
        defaultSubcommand: RunLoop.self
    )
}

extension Demo {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the synthetic demo catalogue: audio/ (WAV, FLAC, Ogg, MP3) and a CP932 tags.csv.",
            discussion: """
                Genres, lead instruments and a bright / dark mood are synthesised so an audio model can
                tell them apart, except "pops", a blend of rock and ballad. Tags are drawn from the same
                truth with noise: wrong and missing tags, synonyms, negations, a few missing or truncated files.
                """)

        @Option(help: "Folder to write the catalogue into.") var out: String
        @OptionGroup var size: DemoSize

        func run() throws {
            let written = try Demo.generate(size.catalogue, into: out)
            print(Demo.describe(written))
        }
    }

    /// Writes the demo catalogue with a progress line.
    static func generate(_ catalogue: DemoCatalogue, into folder: String) throws -> DemoCatalogue.Written {
        let progress = Progress(label: "audio")
        let total = catalogue.trackCount
        let written = try catalogue.write(to: folder, progress: progress.reporter { "\($0)/\(total) files" })
        progress.finish()
        return written
    }

    /// One line: what was written.
    static func describe(_ written: DemoCatalogue.Written) -> String {
        let files = AudioContainer.allCases.compactMap { container in
            written.containers[container].map { "\($0) \(container.rawValue.uppercased())" }
        }
        let defects = written.tracks.filter { $0.defect != nil }.count
        return "\(written.csv): \(written.tracks.count) tracks, CP932 with CRLF as Excel exports Japanese catalogues; "
            + "audio: \(files.joined(separator: ", "))"
            + (defects > 0 ? ", \(defects) deliberately missing or truncated" : "")
    }
}

/// The demo catalogue's size and seed, as `demo` and `demo generate` take them.
struct DemoSize: ParsableArguments {
    @Option(help: "Number of tracks.") var tracks = 1_000
    @Option(help: "Seconds of audio per track.") var seconds = 4.0
    @Option(help: "Seed: the same seed writes the same catalogue.") var seed: UInt64 = 42

    var catalogue: DemoCatalogue { DemoCatalogue(tracks: tracks, seed: seed, seconds: seconds) }

    func validate() throws {
        guard tracks > 0 else { throw ValidationError("--tracks must be at least 1") }
        guard seconds > 0 && seconds <= 60 else {
            throw ValidationError("--seconds must be more than 0 and at most 60")
        }
    }
}

struct RunLoop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run the loop on a generated demo catalogue: generate, import, label, extract features, train, report, "
            + "suggest, relabel, retrain, compare, export."
    )

    @Option(help: "Folder for the demo catalogue and its store.") var dir = "demo"
    @OptionGroup var size: DemoSize

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let catalogue = "\(dir)/tags.csv"
        let storePath = "\(dir)/tagmine.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

        let written = try Demo.generate(size.catalogue, into: dir)
        print("1. Wrote " + Demo.describe(written))

        let store = try Store.create(at: storePath)
        let summary = try await ImportWorkflow(store: store).importCatalog(at: catalogue, options: CatalogOptions())
        print("2. Imported: " + Import.describe(summary, file: catalogue))

        let top = try await store.topTags(limit: 8)
        print("3. The first look at a catalogue, its most frequent tags (after NFKC and case folding):\n")
        print(Tags.table(top, of: summary.records))

        let extremes = max(1, size.tracks / 6)
        let emotion = try await LabelingWorkflow(store: store).emotion(
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
            let result = try await LabelingWorkflow(store: store).keywords(
                map: KeywordMap.named(map), name: name, author: "demo")
            let counts = result.counts.map { "\($0.className) \($0.tracks)" }.joined(separator: ", ")
            print(
                "\n\(task == "genre" ? 5 : 6). \(task.capitalized) (\(map) map): \(counts); "
                    + "\(result.labeled) labeled, \(result.ambiguous) ambiguous → label set '\(name)'")
        }

        let spec = ExtractorSpec(.logmelStats)
        let progress = Progress(label: "features")
        let features = try await FeatureWorkflow(store: store).extract(
            FeatureRequest(spec: spec),
            progress: progress.reporter { "\($0.done)/\($0.total) tracks" })
        progress.finish()
        print("\n7. Features: " + Features.Extract.describe(features, spec: spec, shard: nil))
        let failures = try await store.featureFailures(for: spec)
        if !failures.isEmpty {
            print(
                "   failures recorded per track, the batch carried on: "
                    + failures.map { "\($0.catalogueID) \($0.code)" }.joined(separator: ", "))
        }

        let genre = try await store.labelSet(named: "genre-v1")
        let before = try await train(genre, on: store, name: "genre-v1-softmax")
        print("8. Train: " + Train.describe(before.run, accuracy: before.accuracy))
        let report = try await ReportWorkflow(store: store).document(before.run)
        print(
            "\n"
                + Report.metrics(report).split(separator: "\n", omittingEmptySubsequences: false).map {
                    $0.isEmpty ? "" : "   " + $0
                }
                .joined(separator: "\n"))

        let drop = report.suggestions.first { $0.kind == .drop }
        guard let drop, let dropped = drop.classes.first else {
            throw ValidationError(
                "the analysis of run \(before.run.id) suggests no class to drop; nothing to demonstrate")
        }
        print("9. Suggest: \(drop.command)\n   \(drop.reason)")

        let relabeled = try await RelabelWorkflow(store: store).relabel(
            RelabelRequest(
                parent: genre, operations: [.drop(dropped)], name: "genre-v2-no-\(dropped)", author: "demo",
                note: "suggested by run \(before.run.id)"))
        let diff = try await store.diff(genre, relabeled, limit: 0)
        print(
            "10. Relabel: dropped '\(dropped)' from genre-v1 → '\(relabeled.name ?? "")' "
                + "(\(diff.changedTracks) tracks unlabeled, \(relabeled.labeledTracks) labeled; the parent is unchanged)"
        )

        let split = try await SplitWorkflow(store: store).split(
            relabeled,
            SplitRequest(method: .folds(5), groupBy: .artist, seed: 42, name: "genre-v2-folds", author: "demo"))
        let sizes = split.split.parts.map { "\(split.split.counts[$0]?.values.reduce(0, +) ?? 0)" }
        print(
            "11. Split: 5 folds stratified by genre, no artist in two folds → tracks per fold "
                + sizes.joined(separator: " / "))

        let after = try await train(relabeled, on: store, name: "genre-v2-softmax")
        print("12. Retrain: " + Train.describe(after.run, accuracy: after.accuracy))
        let improved = try await ReportWorkflow(store: store).document(after.run)
        print(
            "13. Compare: out-of-fold accuracy " + String(format: "%.3f → %.3f", before.accuracy, after.accuracy)
                + String(format: ", macro F1 %.3f → %.3f", report.report.macro.f1, improved.report.macro.f1)
                + " after dropping '\(dropped)'")

        let exported = try await ExportWorkflow(store: store).export(
            ExportRequest(labelSet: relabeled, split: split.split, format: .nnc, directory: "\(dir)/dataset"))
        print(
            "14. Exported a Neural Network Console dataset: "
                + exported.files.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
                + " in \(dir)/dataset")
        let page = "\(dir)/report-genre-v1.html"
        try Data(HTMLReport.page(report).utf8).write(to: URL(fileURLWithPath: page), options: .atomic)
        print("15. Report: \(page) (confusion matrix, precision / recall, curves, suggestions, review queue)")

        let tool = CommandLine.arguments[0]
        print("\nReview it in the browser: \(tool) serve --db \(storePath) --public-read")
        print("                          then open http://127.0.0.1:8080/#/run/\(before.run.id)")
        print("\nExplore it: \(tool) labels list --db \(storePath)")
        print("            \(tool) labels diff --db \(storePath) genre-v1 genre-v2-no-pops")
        print("            \(tool) report --db \(storePath) genre-v1-softmax")
        print("            \(tool) compare --db \(storePath) genre-v1-softmax genre-v2-softmax")
        print("            \(tool) labels show --db \(storePath) emotion-v1 --track D000001")
        print("            \(tool) tags --db \(storePath) --uncovered --map genre-seed")
        print("            \(tool) features --db \(storePath) --failures")
        print("            \(tool) runs --db \(storePath)")
        print("            \(tool) predict --db \(storePath) --run genre-v2-softmax \(dir)/audio/D000001.wav")
        print("\nA second opinion from a pretrained tagger (fetches musicnn 0.1.0 from PyPI):")
        print("            \(tool) models install musicnn-msd")
        print("            \(tool) features --db \(storePath) --extractor musicnn-msd")
        print("            \(tool) train --db \(storePath) genre-v1 --extractor musicnn-msd --name genre-v1-musicnn")
        print("            \(tool) suggest --db \(storePath) genre-v1-musicnn")
    }

    /// Trains softmax regression on `set` with 5 folds grouped by artist, with a progress line.
    private func train(_ set: LabelSet, on store: Store, name: String) async throws -> (run: Run, accuracy: Double) {
        let progress = Progress(label: "train")
        let run = try await TrainingWorkflow(store: store).train(
            TrainRequest(
                labelSet: set, extractor: ExtractorSpec(.logmelStats), options: TrainingOptions(), groupBy: .artist,
                name: name, author: "demo"),
            progress: progress.reporter { "fold \($0.fold), epoch \($0.epoch + 1)" })
        progress.finish()
        return (run, try await store.predictions(of: run).topOneAccuracy)
    }
}
