import Foundation
import TagmineTestSupport
import Testing

/// `models install`, `autotag` and the musicnn extractors through the command line, with models
/// installed into the test's own folder.
@Suite struct PretrainedCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory
    let environment: [String: String]

    init() throws {
        folder = try TemporaryDirectory()
        environment = ["TAGMINE_MODELS": folder.file("models")]
    }

    private func run(_ arguments: String...) throws -> CommandResult {
        try TagmineExecutable.run(arguments, in: folder.path, environment: environment)
    }

    @Test func installsAutotagsAndTrainsOnPretrainedFeatures() throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "24", "--seconds", "3").status == 0)
        let clip = "cat/audio/D000001.wav"

        let before = try run("autotag", clip)
        #expect(before.status == 1)
        #expect(
            before.stderr.contains("musicnn-msd is not installed") && before.stderr.contains("tagmine models install"))

        let install = try run("models", "install", "musicnn-msd", "--from", try musicnnWheel())
        #expect(install.status == 0)
        #expect(install.stdout.contains("Installed musicnn-msd: 792,079 weights from musicnn 0.1.0 MSD_musicnn"))
        #expect(try run("models").stdout.contains("musicnn-msd  installed"))

        let tags = try run("autotag", clip, "--top", "3")
        #expect(tags.status == 0)
        let shown = tags.stdout.split(separator: ": ").last?.split(separator: ",") ?? []
        #expect(shown.count == 3, "\(tags.stdout)")
        let json = try run("autotag", clip, "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["tags"] as? [String: Double])?.count == 50)
        #expect(object?["patches"] as? Int == 1 && object?["taggram"] == nil)
        let taggram = try run("autotag", clip, "--json", "--patches")
        let perPatch = try JSONSerialization.jsonObject(with: Data(taggram.stdout.utf8)) as? [String: Any]
        #expect((perPatch?["taggram"] as? [[Double]])?.map(\.count) == [50])
        let dump = try run("features", "dump", "--extractor", "musicnn-msd", clip, "--out", "dumped")
        #expect(dump.status == 0 && dump.stdout.hasSuffix("dumped/D000001.npy: 1 × 1756\n"), "\(dump.stdout)")

        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "genre-v1").status == 0)
        let features = try run("features", "--extractor", "musicnn-msd")
        #expect(features.status == 0 && features.stdout.contains("24 extracted"), "\(features.stdout)")
        let mixed = try run("features", "--extractor", "musicnn-msd", "--mels", "64")
        #expect(mixed.status == 64 && mixed.stderr.contains("fixed input spectrogram"))
        let train = try run("train", "genre-v1", "--extractor", "musicnn-msd", "--folds", "3")
        #expect(train.status == 0 && train.stdout.contains("on musicnn-msd"), "\(train.stdout)\(train.stderr)")
        // The tagger's own tags come back from the feature cache as a second opinion.
        let suggest = try run("suggest", "1")
        #expect(suggest.status == 0)
        #expect(suggest.stdout.contains("A second opinion: musicnn-msd heard 23 of the tracks"), "\(suggest.stdout)")
        #expect(suggest.stdout.contains("(tags standing for classes: pops = pop, rock = rock)"))
        let report = try run("report", "1", "--format", "json")
        let document = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let opinion = document?["secondOpinion"] as? [String: Any]
        #expect(opinion?["model"] as? String == "musicnn-msd")
        let fineTuned = try run(
            "train", "genre-v1", "--extractor", "musicnn-msd", "--folds", "3", "--fine-tune", "dense", "--epochs", "15")
        #expect(fineTuned.status == 0, "\(fineTuned.stderr)")
        #expect(fineTuned.stdout.contains("mlp 200 fine-tuned from musicnn-msd on musicnn-msd"), "\(fineTuned.stdout)")
        let spectral = try run("train", "genre-v1", "--fine-tune", "dense")
        #expect(spectral.status == 1 && spectral.stderr.contains("needs a pretrained extractor"))
    }

    /// `--fine-tune backend` trains musicnn's own layers on `musicnn-input` spectrograms; the run
    /// reports, predicts from its model file, and refuses what it cannot train on.
    @Test func fineTunesMusicnnsBackEnd() throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "10", "--seconds", "3").status == 0)
        #expect(try run("models", "install", "musicnn-msd", "--from", try musicnnWheel()).status == 0)
        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "genre-v1").status == 0)
        let refused = try run("train", "genre-v1", "--model", "musicnn-msd", "--fine-tune", "backend", "--folds", "2")
        #expect(refused.status == 1 && refused.stderr.contains("--extractor musicnn-input"), "\(refused.stderr)")
        let features = try run("features", "--extractor", "musicnn-input")
        #expect(features.status == 0 && features.stdout.contains("10 extracted"), "\(features.stdout)")
        let dense = try run("train", "genre-v1", "--model", "musicnn-msd", "--fine-tune", "dense", "--folds", "2")
        #expect(dense.status == 1 && dense.stderr.contains("musicnn-msd features"), "\(dense.stderr)")
        let train = try run(
            "train", "genre-v1", "--model", "musicnn-msd", "--fine-tune", "backend", "--folds", "2", "--epochs", "1",
            "--rate-ratio", "0.2")
        #expect(train.status == 0, "\(train.stderr)")
        #expect(
            train.stdout.contains("musicnn-msd fine-tuned (backend) on musicnn-input")
                && train.stdout.contains("2 folds"),
            "\(train.stdout)")
        let report = try run("report", "1")
        #expect(report.status == 0 && report.stdout.contains("musicnn-msd fine-tuned (backend)"), "\(report.stdout)")
        let predicted = try run("predict", "cat/audio/D000001.wav", "--run", "1", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(predicted.stdout.utf8)) as? [String: Any]
        let probabilities = try #require(object?["probabilities"] as? [Double], "\(predicted.stdout)")
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-4 && probabilities.count >= 2)

        // One fine-tuned musicnn for genre and (multi-label) instruments, a run per task.
        #expect(try tagmine("label", "instrument", "--name", "instruments").status == 0)
        let tasks = try run(
            "train", "--tasks", "genre-v1,instruments", "--model", "musicnn-msd", "--fine-tune", "backend", "--folds",
            "2", "--epochs", "1", "--name", "mt")
        #expect(tasks.status == 0, "\(tasks.stderr)")
        #expect(
            tasks.stdout.hasPrefix("Multi-task musicnn-msd fine-tuned (backend) on musicnn-input"), "\(tasks.stdout)")
        let instruments = try run("report", "mt.genre-v1", "--task", "instruments")
        #expect(instruments.status == 0 && instruments.stdout.contains("samples avg"), "\(instruments.stdout)")
        let genre = try run("report", "mt.instruments", "--task", "genre-v1")
        #expect(genre.status == 0 && genre.stdout.contains("Confusion matrix"), "\(genre.stdout)")
    }
}
