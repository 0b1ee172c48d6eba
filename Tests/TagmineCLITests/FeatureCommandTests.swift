import Foundation
import TagmineTestSupport
import Testing

@Suite struct FeatureCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func extractsRecordsFailuresListsThemAndSkipsWhatIsCurrent() throws {
        // Given a generated catalogue of 8 tracks, one of whose files has gone missing
        let generated = try tagmine("demo", "generate", "--out", "cat", "--tracks", "8", "--seconds", "1")
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("cat/tags.csv: 8 tracks"))
        try FileManager.default.removeItem(atPath: folder.file("cat/audio/D000002.wav"))
        #expect(try tagmine("init").status == 0)
        #expect(try tagmine("import", "cat/tags.csv").status == 0)

        // When features are extracted twice
        let first = try tagmine("features", "--jobs", "2")
        let second = try tagmine("features")
        let failures = try tagmine("features", "--failures")

        // Then the batch carries on past the missing file, says so with exit 3, and the re-run skips the rest
        #expect(first.status == 3)
        #expect(first.stdout.contains("logmel-stats [") && first.stdout.contains("8 tracks (7 extracted, 1 failed)"))
        #expect(first.stderr.contains("1 tracks have no features: `tagmine features --failures` lists why"))
        #expect(second.stdout.contains("(0 extracted, 7 already current, 1 failed)"))
        #expect(failures.status == 3)
        #expect(failures.stdout.contains("D000002  missing-file") && failures.stdout.contains("no such file"))
        let list = try tagmine("features", "list")
        #expect(list.stdout.contains("logmel-stats") && list.stdout.contains("22050"))
    }

    @Test func dumpsFeaturesOfAnyFileAsNpyWithoutAStore() throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "2", "--seconds", "1").status == 0)
        try folder.write("notes.wav", "this is a text file, not audio\n")

        let result = try tagmine(
            "features", "dump", "cat/audio/D000001.wav", "notes.wav", "--extractor", "logmel", "--mels", "64",
            "--out", "out")

        #expect(result.status == 3)
        #expect(result.stdout.contains("cat/audio/D000001.wav → out/D000001.npy: 64 × 44"))
        #expect(
            result.stderr.contains("notes.wav: neither libsndfile (")
                && result.stderr.contains("[unsupported-format]"))
        let npy = try Data(contentsOf: URL(fileURLWithPath: folder.file("out/D000001.npy")))
        #expect(npy.count > 64 * 44 * 4 && String(decoding: npy.prefix(80), as: UTF8.self).contains("(64, 44)"))
    }

    @Test func refusesUnusableParametersAndShardsAsUsageErrors() throws {
        #expect(try tagmine("init").status == 0)
        let shard = try tagmine("features", "--shard", "3/2")
        let fft = try tagmine("features", "--n-fft", "1001")
        let ref = try tagmine("features", "dump", "x.wav", "--out", "o", "--ref", "loud")
        #expect(shard.status == 64 && shard.stderr.contains("--shard '3/2' is not I/N"))
        #expect(fft.status == 64 && fft.stderr.contains("n_fft must be an even number"))
        #expect(ref.status == 64 && ref.stderr.contains("ref must be a positive number or max"))
    }
}

@Suite struct TrainCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func trainsListsRunsAndPredictsFromTheCommandLine() throws {
        // Given a labeled catalogue with features
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "30", "--seconds", "1").status == 0)
        #expect(try tagmine("init").status == 0)
        #expect(try tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "genre-v1").status == 0)
        #expect(try tagmine("features").status == 0)

        // When a head is trained and used
        let trained = try tagmine("train", "genre-v1", "--folds", "3", "--epochs", "10", "--name", "first")
        let runs = try tagmine("runs")
        let predicted = try tagmine("predict", "--run", "first", "cat/audio/D000001.wav", "--top", "2")
        let json = try tagmine("predict", "--run", "1", "cat/audio/D000001.wav", "--json")
        let unknown = try tagmine("predict", "--run", "nope", "cat/audio/D000001.wav")

        // Then
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(
            trained.stdout.hasPrefix("Run 1 'first': softmax on logmel-stats [") && trained.stdout.contains("3 folds"))
        #expect(trained.stdout.contains("out-of-fold accuracy") && trained.stdout.contains("; L-BFGS iterations "))
        #expect(runs.stdout.contains("first") && runs.stdout.contains("softmax"))
        #expect(predicted.status == 0 && predicted.stdout.hasPrefix("cat/audio/D000001.wav: "))
        #expect(predicted.stdout.split(separator: ",").count == 2)
        #expect(json.stdout.contains("\"probabilities\"") && json.stdout.contains("\"classes\""))
        #expect(unknown.status == 1 && unknown.stderr.contains("no run 'nope'; `tagmine runs` lists them"))

        // And the run is reported, exported and compared
        let report = try tagmine("report", "first")
        let html = try tagmine("report", "first", "--format", "html", "--out", "report.html")
        let csv = try tagmine("report", "first", "--predictions", "--format", "csv")
        let second = try tagmine("train", "genre-v1", "--model", "mlp", "--hidden", "16", "--epochs", "5")
        let compared = try tagmine("compare", "first", "2")
        let suggested = try tagmine("suggest", "first", "--json")
        #expect(report.stdout.contains("              precision    recall  f1-score   support"))
        #expect(report.stdout.contains("Confusion matrix (rows: given label, columns: predicted):"))
        #expect(report.stdout.contains("Class quality, worst first"))
        let page = try String(contentsOfFile: folder.file("report.html"), encoding: .utf8)
        #expect(html.status == 0 && page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg xmlns="))
        #expect(csv.stdout.hasPrefix("track_id,given,predicted,fold,flagged,p:"))
        let lines = csv.stdout.split(separator: "\n")
        #expect(
            lines.count > 10
                && lines.allSatisfy { $0.split(separator: ",").count == lines[0].split(separator: ",").count })
        #expect(second.status == 0 && compared.stdout.contains("accuracy") && compared.stdout.contains("F1 change"))
        #expect(suggested.status == 0 && suggested.stdout.hasPrefix("["))
    }

    @Test func refusesUnusableTrainingOptionsAsUsageErrors() throws {
        let result = try tagmine("train", "genre-v1", "--model", "mlp", "--hidden", "64,64,64")
        #expect(result.status == 64 && result.stderr.contains("the MLP takes 1 or 2 hidden layers"))
    }
}
