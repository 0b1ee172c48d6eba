import Foundation
import GRDB
import TagmineTestSupport
import Testing

/// `tagmine train --model cnn` end to end on a generated catalogue: a small architecture file,
/// log-mel features, the run reported, compared and used for predictions; an interrupted
/// training resumed from its last finished epoch.
@Suite struct CNNCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    /// Two small convolution blocks: seconds per epoch on a few dozen one-second clips.
    static let tiny = """
        format = 1

        [[block]]
        conv = 8
        kernel = [3, 3]
        norm = "batch"
        pool = "max"

        [[block]]
        conv = 8
        kernel = [3, 3]
        norm = "batch"

        [head]
        pool = "average+max"

        """

    private func prepare(tracks: Int) throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "\(tracks)", "--seconds", "2").status == 0)
        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "genre-v1").status == 0)
        #expect(try tagmine("features", "--extractor", "logmel", "--mels", "32").status == 0)
        try folder.write("tiny.toml", Self.tiny)
    }

    private var cnn: [String] {
        [
            "train", "genre-v1", "--model", "cnn", "--architecture", "tiny.toml", "--mels", "32", "--crop-seconds",
            "1", "--folds", "3",
        ]
    }

    @Test func aCNNRunIsReportedComparedAndPredictsLikeAnyRun() throws {
        try prepare(tracks: 24)
        let trained = try tagmine(cnn + ["--epochs", "3", "--name", "conv"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.hasPrefix("Run 1 'conv': cnn tiny.toml on logmel ["), "\(trained.stdout)")
        #expect(trained.stdout.contains("3 folds") && trained.stdout.contains("out-of-fold accuracy"))

        let runs = try tagmine("runs")
        let report = try tagmine("report", "conv")
        let predicted = try tagmine("predict", "--run", "conv", "cat/audio/D000001.wav", "--json")
        #expect(try tagmine("features").status == 0)
        let head = try tagmine("train", "genre-v1", "--folds", "3", "--epochs", "5", "--name", "head")
        let compared = try tagmine("compare", "head", "conv")
        #expect(runs.stdout.contains("conv") && runs.stdout.contains("cnn"))
        #expect(report.stdout.contains("              precision    recall  f1-score   support"))
        #expect(report.stdout.contains("Confusion matrix (rows: given label, columns: predicted):"))
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let prediction = try JSONSerialization.jsonObject(with: Data(predicted.stdout.utf8)) as? [String: Any]
        let probabilities = try #require(prediction?["probabilities"] as? [Double])
        #expect(probabilities.count >= 2 && abs(probabilities.reduce(0, +) - 1) < 1e-4)
        #expect(head.status == 0 && compared.status == 0 && compared.stdout.contains("F1 change"))

        // The transfer-learning comparison: several runs on one version and its folds, side by side.
        let mlp = try tagmine("train", "genre-v1", "--model", "mlp", "--epochs", "5", "--name", "mlp")
        let three = try tagmine("compare", "head", "mlp", "conv")
        #expect(mlp.status == 0 && three.status == 0, "\(three.stderr)")
        let lines = three.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Runs on genre-v1")
        #expect(lines.contains { $0.hasPrefix("1 conv") && $0.contains("cnn tiny.toml") && $0.contains("logmel") })
        #expect(lines.contains { $0.hasPrefix("3 mlp") && $0.contains("mlp 256") && $0.contains("logmel-stats") })
        let header = try #require(lines.first { $0.hasPrefix("F1") })
        #expect(header.contains("run 2") && header.contains("run 3") && header.contains("run 1"), "\(three.stdout)")
        #expect(!three.stderr.contains("different splits"))
    }

    /// One network for genre and (multi-label) instruments: a run per task on shared folds, each
    /// reported on its own, beside the same network trained on each task alone.
    @Test func aMultiTaskNetworkLearnsTwoVersionsAndReportsEachTask() throws {
        try prepare(tracks: 30)
        #expect(try tagmine("label", "instrument", "--name", "instruments").status == 0)
        let trained = try tagmine(
            cnn.filter { $0 != "genre-v1" } + [
                "--tasks", "genre-v1,instruments", "--epochs", "2", "--baselines", "--task-weights", "size", "--name",
                "mt",
            ])
        #expect(trained.status == 0, "\(trained.stderr)")
        let lines = trained.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Multi-task cnn tiny.toml on logmel [") == true, "\(trained.stdout)")
        let genre = try #require(lines.first { $0.hasPrefix("genre-v1") }, "\(trained.stdout)")
        let instruments = try #require(lines.first { $0.hasPrefix("instruments") })
        #expect(genre.contains("mt.genre-v1") && genre.contains("(run 3)"), "\(genre)")
        #expect(instruments.contains("mt.instruments") && instruments.contains("(multi-label)"))
        #expect(instruments.contains("(run 4)"), "\(instruments)")

        let report = try tagmine("report", "mt.genre-v1", "--task", "instruments")
        #expect(report.status == 0 && report.stdout.contains("samples avg"), "\(report.stdout)\(report.stderr)")
        let genreReport = try tagmine("report", "mt.instruments", "--task", "genre-v1")
        #expect(genreReport.stdout.contains("Confusion matrix"), "\(genreReport.stdout)")
        let wrong = try tagmine("report", "mt.genre-v1", "--task", "mood")
        #expect(wrong.status == 64 && wrong.stderr.contains("tasks are genre-v1, instruments"), "\(wrong.stderr)")
        // Both versions' latest split is the union's: the same track is in the same fold in each.
        let genreRows = try tagmine("report", "mt.genre-v1", "--predictions", "--format", "csv").stdout
        let instrumentRows = try tagmine("report", "mt.instruments", "--predictions", "--format", "csv").stdout
        func folds(_ csv: String) -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: csv.split(separator: "\n").dropFirst().map {
                    let fields = $0.split(separator: ",", omittingEmptySubsequences: false)
                    return (String(fields[0]), String(fields[3]))
                })
        }
        let shared = folds(genreRows).filter { folds(instrumentRows)[$0.key] != nil }
        #expect(!shared.isEmpty && shared.allSatisfy { folds(instrumentRows)[$0.key] == $0.value })
        // A new output layer for genre on the instruments run's network, everything else frozen.
        let frozen = try tagmine(
            "train", "genre-v1", "--model", "cnn", "--mels", "32", "--freeze-trunk", "mt.instruments", "--epochs", "2",
            "--name", "frozen")
        #expect(frozen.status == 0, "\(frozen.stderr)")
        #expect(frozen.stdout.contains("cnn tiny.toml, output layer on run 2's network on logmel"), "\(frozen.stdout)")
        let mismatch = try tagmine("train", "genre-v1", "--model", "cnn", "--freeze-trunk", "mt.instruments")
        #expect(
            mismatch.status == 1 && mismatch.stderr.contains("give the same extractor options"), "\(mismatch.stderr)")
    }

    @Test func architectureMistakesAndMisfitFeaturesAreRefusedWithWhatToDo() throws {
        try prepare(tracks: 8)
        try folder.write("deep.toml", Self.tiny + "\n[[block]]\nconv = 4\nkernel = [40, 3]\npadding = \"valid\"\n")
        let deep = try tagmine(cnn.map { $0 == "tiny.toml" ? "deep.toml" : $0 } + ["--epochs", "1"])
        #expect(deep.status == 1)
        #expect(
            deep.stderr.contains(
                "architecture 'deep.toml' on 32 mel bands × 43-frame crops: block 3: the 40 × 3 kernel is larger "
                    + "than its 16 × 21 input maps (8 × 16 × 21) with valid padding"), "\(deep.stderr)")
        try folder.write("typo.toml", "format = 1\n[[block]]\nconv = \"wide\"\n")
        let typo = try tagmine(cnn.map { $0 == "tiny.toml" ? "typo.toml" : $0 })
        #expect(typo.status == 1 && typo.stderr.contains("typo.toml: block[1].conv"), "\(typo.stderr)")
        let vectors = try tagmine("train", "genre-v1", "--model", "cnn", "--extractor", "logmel-stats")
        #expect(
            vectors.status == 1
                && vectors.stderr.contains(
                    "a CNN takes a log-mel spectrogram per track, not a vector, and logmel-stats gives one vector per "
                        + "track: train on --extractor logmel"),
            "\(vectors.stderr)")
        let headOptions = try tagmine("train", "genre-v1", "--crop-seconds", "2")
        #expect(headOptions.status == 64 && headOptions.stderr.contains("need --model cnn"))

        let listed = try tagmine("architectures")
        let shown = try tagmine("architectures", "--show", "compact")
        let unknown = try tagmine("architectures", "--show", "resnet")
        #expect(
            listed.stdout.hasPrefix("compact (default): Tagmine's default CNN") && listed.stdout.contains("\nesc50: "))
        #expect(shown.stdout.hasPrefix("# compact: ") && shown.stdout.contains("[[block]]\nconv = 16\n"))
        #expect(unknown.status == 64 && unknown.stderr.contains("the built-ins are compact, esc50"))
    }

    /// Killed in the middle of a fold once an epoch state is saved, the rerun goes on from it and
    /// stores the run an uninterrupted training stores, to the last bit.
    @Test func anInterruptedCNNTrainingResumesFromItsLastEpoch() throws {
        try prepare(tracks: 24)
        let train = cnn + ["--epochs", "6", "--patience", "6", "--jobs", "1"]
        let database = try DatabaseQueue(path: folder.file("tagmine.db"))
        let epochs = { try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM train_epoch") ?? 0 } }
        let killed = try TagmineExecutable.kill(
            train + ["--name", "resumed"], in: folder.path, when: { try epochs() >= 1 }, orAfter: 120)
        #expect(killed)
        let saved = try database.read { try Data.fetchOne($0, sql: "SELECT state FROM train_epoch") }
        try database.close()
        #expect((saved?.count ?? 0) > 1_000)

        #expect(try TagmineExecutable.run(train + ["--name", "resumed"], in: folder.path).status == 0)
        #expect(try TagmineExecutable.run(train + ["--name", "whole"], in: folder.path).status == 0)
        let queue = try DatabaseQueue(path: folder.file("tagmine.db"))
        let (left, probabilities) = try queue.read { db in
            let left = try Int.fetchOne(db, sql: "SELECT count(*) FROM train_epoch") ?? -1
            let probabilities = try ["resumed", "whole"].map { name in
                try Data.fetchAll(
                    db,
                    sql: """
                        SELECT p.probabilities FROM run_prediction p JOIN run r ON r.id = p.run_id
                        WHERE r.name = ? ORDER BY p.track_id
                        """, arguments: [name])
            }
            return (left, probabilities)
        }
        #expect(left == 0)
        #expect(!probabilities[0].isEmpty && probabilities[0] == probabilities[1])
    }
}
