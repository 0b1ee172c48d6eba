import ArgumentParser
import AudioFeatures
import Foundation
import Pretrained

struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install and list pretrained audio models (musicnn).",
        discussion: """
            Models live in $TAGMINE_MODELS, else $XDG_DATA_HOME/tagmine/models, else
            ~/.local/share/tagmine/models. Their weights come from the musicnn 0.1.0 package on PyPI
            (ISC licence) and are converted to Tagmine's own model file; no TensorFlow is needed.
            """,
        subcommands: [Install.self, List.self], defaultSubcommand: List.self)

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install musicnn-msd or musicnn-mtt from the musicnn 0.1.0 wheel.")

        @Argument(help: "musicnn-msd or musicnn-mtt.", transform: musicnnModel) var model: MusicnnModel
        @Option(help: "The musicnn-0.1.0 wheel or its unpacked folder (default: pip download it).")
        var from: String?

        func run() async throws {
            let models = ModelDirectory()
            let package = try from ?? Self.download()
            let weights = try models.install(model, from: package)
            print(
                "Installed \(model.rawValue): \(weights.formatted()) weights from musicnn \(MusicnnPackage.version) "
                    + "\(model.checkpointFolder), \(model.labels.count) tags, at \(models.file(model))")
        }

        /// The wheel, fetched with `python3 -m pip download` into a temporary folder.
        private static func download() throws -> String {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tagmine-musicnn-\(getpid())")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m"] + MusicnnPackage.download + ["-q", "-d", folder.path]
            printError("Downloading musicnn \(MusicnnPackage.version) with pip …")
            do {
                try process.run()
                process.waitUntilExit()
            } catch {
                throw ValidationError(
                    "cannot run python3 -m pip (\(error)); download the wheel elsewhere and pass --from")
            }
            let wheel = folder.path + "/musicnn-\(MusicnnPackage.version)-py3-none-any.whl"
            guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: wheel) else {
                throw ValidationError(
                    "pip could not download musicnn==\(MusicnnPackage.version) (exit \(process.terminationStatus)); "
                        + "download the wheel elsewhere and pass --from")
            }
            return wheel
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The models and whether they are installed.")

        func run() async throws {
            let models = ModelDirectory()
            print("Models in \(models.path):")
            for model in MusicnnModel.allCases {
                let state =
                    models.isInstalled(model) ? "installed" : "not installed (tagmine models install \(model.rawValue))"
                print("  \(model.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(state)")
            }
        }
    }
}

/// Parses a pretrained model's name for an argument or option.
func musicnnModel(_ name: String) throws -> MusicnnModel {
    guard let model = MusicnnModel(name: name) else {
        let known = MusicnnModel.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError("unknown model '\(name)'; choose one of \(known)")
    }
    return model
}

struct Autotag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A pretrained tagger's own tags for audio files (musicnn, 3-second patches averaged).")

    @Argument(help: "Audio files.") var files: [String]
    @Option(help: "musicnn-msd or musicnn-mtt.", transform: musicnnModel) var model: MusicnnModel = .msd
    @Option(help: "Tags shown per file.") var top = 5
    @Option(help: "Seconds decoded from each file (0 = all).") var maxSeconds: Double = 30
    @Flag(help: "One JSON object per file, with every tag's probability.") var json = false
    @Flag(help: "Also each 3-second patch's tags (the taggram): a line per patch, or `taggram` in JSON.")
    var patches = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if maxSeconds < 0 { throw ValidationError("--max-seconds must be ≥ 0") }
    }

    struct FileTags: Encodable {
        var file: String
        var model: String
        var patches: Int
        var tags: [String: Float]
        /// Per patch, the probabilities in `labels` order.
        var taggram: [[Float]]?
        var labels: [String]?
    }

    /// The `top` tags of `probabilities`, most probable first.
    private func ranked(_ probabilities: [Float]) -> String {
        zip(model.labels, probabilities).sorted { $0.1 > $1.1 }.prefix(top)
            .map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: ", ")
    }

    func run() async throws {
        let tagger = MusicnnTagger(network: MusicnnNetwork(weights: try ModelDirectory().weights(model)))
        var decode = DecodeOptions()
        decode.maxSeconds = maxSeconds == 0 ? nil : maxSeconds
        try forEachAudioFile(files) { file in
            let output = try tagger.tag(file, decode: decode)
            let probabilities = output.probabilities
            if json {
                let tags = Dictionary(uniqueKeysWithValues: zip(model.labels, probabilities))
                return try printJSON(
                    FileTags(
                        file: file, model: model.rawValue, patches: output.patches.count, tags: tags,
                        taggram: patches ? output.patches.map(\.probabilities) : nil,
                        labels: patches ? model.labels : nil))
            }
            print(file + ": " + ranked(probabilities))
            guard patches else { return }
            for (index, patch) in output.patches.enumerated() {
                print(String(format: "  %5.1f s  ", Double(index) * 187 * 256 / 16_000) + ranked(patch.probabilities))
            }
        }
    }
}
