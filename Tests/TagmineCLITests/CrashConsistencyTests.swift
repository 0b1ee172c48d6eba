import Foundation
import GRDB
import TagmineTestSupport
import Testing

/// SIGKILL in the middle of each long step: the store must open, pass `PRAGMA integrity_check`,
/// hold all of the step's result or none of it, and the same command must then complete.
@Suite struct CrashConsistencyTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @discardableResult
    private func killed(_ arguments: String..., after seconds: Double) throws -> Bool {
        try TagmineExecutable.kill(arguments, in: folder.path, after: seconds)
    }

    private func store() throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: folder.file("tagmine.db"))
        #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        return queue
    }

    private func count(_ table: String, _ queue: DatabaseQueue) throws -> Int {
        try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    @Test(arguments: [0.15, 0.6])
    func anInterruptedImportLeavesAllOfTheFileOrNoneOfIt(after seconds: Double) throws {
        let rows = 30_000
        var csv = "id,path,tags\n"
        for index in 0..<rows { csv += "T\(index),a\(index).wav,\"rock, piano, tag\(index % 97)\"\n" }
        try folder.write("big.csv", csv)
        #expect(try tagmine("init").status == 0)

        try killed("import", "big.csv", after: seconds)
        let queue = try store()
        let tracks = try count("track", queue), sources = try count("source", queue)
        #expect(
            (tracks == 0 && sources == 0) || (tracks == rows && sources == 1), "\(tracks) tracks, \(sources) sources")
        try queue.close()

        #expect(try tagmine("import", "big.csv").status == 0)
        #expect(try count("track", try store()) == rows)
    }

    @Test func interruptedFeaturesKeepWhatFinishedAndARerunDoesOnlyTheRest() throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "120", "--seconds", "1").status == 0)
        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)

        try killed("features", "--jobs", "2", after: 1.0)
        let queue = try store()
        // Every stored row is whole: the schema's CHECK ties the blob's length to rows × columns.
        let kept = try count("feature", queue)
        try queue.close()

        let rerun = try tagmine("features")
        #expect(rerun.status == 0)
        #expect(kept == 0 || rerun.stdout.contains("\(kept) already current"), "\(kept) kept; \(rerun.stdout)")
        #expect(try count("feature", try store()) == 120)
    }

    @Test func anInterruptedLabelingOrTrainingLeavesNoHalfVersionAndNoHalfRun() throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "140", "--seconds", "1").status == 0)
        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("features").status == 0)

        try killed("label", "genre", "--map", "genre-seed", "--name", "genre-v1", after: 0.3)
        var queue = try store()
        let sets = try count("label_set", queue), labels = try count("label", queue)
        #expect((sets == 0 && labels == 0) || (sets == 1 && labels > 0), "\(sets) sets, \(labels) labels")
        try queue.close()
        if sets == 0 { #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "genre-v1").status == 0) }

        try killed("train", "genre-v1", "--model", "mlp", "--name", "first", after: 0.4)
        queue = try store()
        let runs = try count("run", queue), predictions = try count("run_prediction", queue)
        #expect(
            (runs == 0 && predictions == 0) || (runs == 1 && predictions > 0),
            "\(runs) runs, \(predictions) predictions")
        try queue.close()
        if runs == 0 { #expect(try tagmine("train", "genre-v1", "--name", "first").status == 0) }
        #expect(try count("run", try store()) == 1)
    }

    /// Training is checkpointed per fold: killed once a fold is stored, the rerun keeps it, trains
    /// the rest, and stores the run an uninterrupted training gives (compared to the last bit).
    @Test func anInterruptedTrainingResumesFromItsFinishedFolds() throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "120", "--seconds", "1").status == 0)
        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("features").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "genre-v1").status == 0)

        let train = [
            "train", "genre-v1", "--model", "mlp", "--hidden", "32", "--epochs", "20", "--patience", "20", "--jobs",
            "1",
        ]
        let database = try DatabaseQueue(path: folder.file("tagmine.db"))
        let checkpoints = { try self.count("train_checkpoint", database) }
        try TagmineExecutable.kill(
            train + ["--name", "resumed"], in: folder.path, when: { try checkpoints() >= 2 }, orAfter: 60)
        let kept = try checkpoints()
        try database.close()
        #expect((1..<5).contains(kept), "\(kept) folds checkpointed")

        let resumed = try TagmineExecutable.run(train + ["--name", "resumed"], in: folder.path)
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("Resuming an interrupted training: folds"), "\(resumed.stdout)")
        #expect(try TagmineExecutable.run(train + ["--name", "whole"], in: folder.path).status == 0)

        let queue = try store()
        #expect(try count("train_checkpoint", queue) == 0)
        let probabilities = try queue.read { db in
            try ["resumed", "whole"].map { name in
                try Data.fetchAll(
                    db,
                    sql: """
                        SELECT p.probabilities FROM run_prediction p JOIN run r ON r.id = p.run_id
                        WHERE r.name = ? ORDER BY p.track_id
                        """, arguments: [name])
            }
        }
        #expect(!probabilities[0].isEmpty && probabilities[0] == probabilities[1])
    }
}
