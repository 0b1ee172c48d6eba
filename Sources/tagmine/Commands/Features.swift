import ArgumentParser
import AudioFeatures
import Foundation
import Pretrained
import Store
import Workflows

struct Features: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract audio features into the store's cache, list failures, dump or merge features.",
        subcommands: [Extract.self, Dump.self, Merge.self, List.self],
        defaultSubcommand: Extract.self
    )
}

/// The extractor and its parameters, as every `features` subcommand takes them.
struct ExtractorOptions: ParsableArguments {
    @Option(
        name: .customLong("extractor"),
        help: """
            logmel (mels × frames), logmel-stats (512-value clip vector), musicnn-msd / musicnn-mtt \
            (1,756 values: the tagger's 50 tags and its embeddings; tagmine models install first), or \
            musicnn-input (musicnn's 96 × frames input, for fine-tuning). Default logmel-stats (logmel \
            for train --model cnn, musicnn-input for --model musicnn-msd|mtt).
            """,
        transform: {
            let registry = ExtractorRegistry.standard()
            return try choice($0, as: registry.kind(named:), choices: registry.kinds)
        })
    var chosen: ExtractorKind?

    /// The extractor given, or `logmel-stats`.
    var extractor: ExtractorKind { chosen ?? .logmelStats }

    @Option(help: "Analysis sample rate in Hz (librosa's sr; default 22050).") var sr: Int?
    @Option(name: .customLong("n-fft"), help: "FFT size and window length (default 2048).") var nFFT: Int?
    @Option(help: "Samples between frames (default 512).") var hop: Int?
    @Option(help: "Mel bands (default 128).") var mels: Int?
    @Option(help: "Lowest mel filter edge in Hz (default 0).") var fmin: Double?
    @Option(help: "Highest mel filter edge in Hz (default sr / 2).") var fmax: Double?
    @Flag(help: "Use the HTK mel formula instead of Slaney's.") var htk = false
    @Flag(help: "Leave the mel filters at peak 1 (librosa's norm=None) instead of Slaney's area normalisation.")
    var noMelNorm = false
    @Option(help: "power_to_db's ref: a power, or max for the spectrogram's own maximum (default 1.0).")
    var ref: String?
    @Option(help: "power_to_db's amin (default 1e-10).") var amin: Double?
    @Option(help: "power_to_db's top_db; 0 keeps the whole range (default 80).") var topDB: Double?
    @Option(help: "Seconds of each file decoded (default 30; 0 decodes all).") var maxSeconds: Double = 30
    @Option(
        help: "Which part of a longer file is kept: start (as librosa.load(duration=…)) or middle.",
        transform: { try choice($0, as: ClipPart.init(rawValue:), choices: ClipPart.allCases) })
    var clip: ClipPart = .start
    @Option(
        help: "Seconds ffmpeg may take on one file libsndfile does not read (m4a, WebM, WMA, MP4) before it is stopped."
    )
    var decoderTimeout: Double = 120

    /// The extractor spec these options describe.
    var spec: ExtractorSpec { spec(defaultKind: .logmelStats) }

    /// The spec, with `defaultKind` when no --extractor was given.
    func spec(defaultKind: ExtractorKind) -> ExtractorSpec {
        var mel = MelParameters()
        if let sr { mel.sampleRate = sr }
        if let nFFT { mel.nFFT = nFFT }
        if let hop { mel.hop = hop }
        if let mels { mel.mels = mels }
        if let fmin { mel.fmin = fmin }
        mel.fmax = fmax
        if htk { mel.scale = .htk }
        if noMelNorm { mel.norm = .none }
        if let ref { mel.reference = ref == "max" ? .max : .value(Double(ref) ?? .nan) }
        if let amin { mel.amin = amin }
        if let topDB { mel.topDB = topDB > 0 ? topDB : nil }
        var decode = DecodeOptions(maxSeconds: maxSeconds > 0 ? maxSeconds : nil, part: clip)
        decode.decoderTimeout = decoderTimeout
        return ExtractorSpec(chosen ?? defaultKind, mel: mel, decode: decode)
    }

    func validate() throws {
        if !(decoderTimeout > 0) { throw ValidationError("--decoder-timeout must be a positive number of seconds") }
        let spectral: [Any?] = [sr, nFFT, hop, mels, fmin, fmax, ref, amin, topDB]
        if extractor.fixedInput != nil && (spectral.contains { $0 != nil } || htk || noMelNorm) {
            throw ValidationError("\(extractor.rawValue) has a fixed input spectrogram; drop the mel options")
        }
        let problems = spec.mel.problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
        if maxSeconds < 0 { throw ValidationError("--max-seconds must be 0 (everything) or more") }
    }
}

extension Features {
    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract features for every track (or a label set's tracks) into the store.",
            discussion: """
                Results are cached by extractor, parameters and each file's size and modification time:
                a re-run skips what is current and re-extracts what changed. Failures (missing, empty,
                truncated, corrupt or unsupported files, clips shorter than one frame) are recorded per
                track and the batch carries on; silent clips are flagged and still extracted.
                Exit status 3 when any selected track has no features because of a failure.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var options: ExtractorOptions

        @Option(help: "Only the tracks labeled in this label set (name or id).") var tracks: String?
        @Option(help: "Concurrent extraction tasks (default: one per core).") var jobs: Int?
        @Option(help: "Only slice I of N (1-based), e.g. 2/4, for extraction spread over machines.")
        var shard: String?
        @Flag(help: "Try again files that failed before even if they have not changed.") var retryFailures = false
        @Flag(help: "List the recorded failures for this extractor instead of extracting.") var failures = false
        @Flag(help: "With --failures: print JSON.") var json = false

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if let shard, Shard(shard) == nil { throw ValidationError("--shard '\(shard)' is not I/N with 1 ≤ I ≤ N") }
        }

        func run() async throws {
            let store = try store.open()
            let spec = options.spec
            if failures { return try await listFailures(store, spec: spec) }
            AudioBatchMemory.keepFreedBuffers()
            var labelSet: LabelSet?
            if let tracks { labelSet = try await store.labelSet(named: tracks) }
            let request = FeatureRequest(
                spec: spec, labelSet: labelSet, jobs: jobs, shard: shard.flatMap(Shard.init),
                retryFailures: retryFailures)
            let progress = Progress(label: "\(spec.name)")
            let summary = try await FeatureWorkflow(store: store).extract(
                request, progress: progress.reporter { "\($0.done)/\($0.total) tracks, \($0.failed) failed" })
            progress.finish()
            print(Self.describe(summary, spec: spec, shard: request.shard))
            if summary.hasFailures {
                printError(
                    "\(summary.failed + summary.failedBefore) tracks have no features: `tagmine features --failures` lists why"
                )
                throw ExitCode(partialFailureExitCode)
            }
        }

        private func listFailures(_ store: Store, spec: ExtractorSpec) async throws {
            let failures = try await store.featureFailures(for: spec)
            if json { return try printJSON(failures) }
            guard !failures.isEmpty else {
                return print("No failures recorded for \(spec.name) [\(spec.parametersHash)].")
            }
            var table = Table(header: ["track", "problem", "path", "reason"])
            table.rows = failures.map { [$0.catalogueID, $0.code, $0.path ?? "", $0.message] }
            print(table.render())
            throw ExitCode(partialFailureExitCode)
        }

        static func describe(_ summary: FeatureSummary, spec: ExtractorSpec, shard: Shard?) -> String {
            let rate = summary.seconds > 0 ? Double(summary.extracted) / summary.seconds : 0
            var parts = ["\(summary.extracted) extracted"]
            if summary.current > 0 { parts.append("\(summary.current) already current") }
            if summary.failed > 0 { parts.append("\(summary.failed) failed") }
            if summary.failedBefore > 0 { parts.append("\(summary.failedBefore) failed before (unchanged)") }
            if summary.silent > 0 { parts.append("\(summary.silent) silent") }
            let scope = shard.map { " in shard \($0)" } ?? ""
            return
                "\(spec.name) [\(spec.parametersHash)]: \(summary.selected) tracks\(scope) (\(parts.joined(separator: ", "))), "
                + String(
                    format: "%.0f s of audio in %.1f s, %.1f tracks/s", summary.audioSeconds, summary.seconds, rate)
        }
    }

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute the features of audio files (no store) and write them as .npy or .csv.",
            discussion:
                "np.load(\"out/take1.npy\") gives librosa's layout: (mels, frames) for logmel, (1, n) for vectors.")

        @OptionGroup var options: ExtractorOptions
        @Argument(help: "Audio files.") var files: [String]
        @Option(
            help: "npy or csv.",
            transform: { try choice($0, as: FeatureFileFormat.init(rawValue:), choices: FeatureFileFormat.allCases) })
        var format: FeatureFileFormat = .npy
        @Option(help: "Folder the files are written to (created if needed).") var out: String

        func run() throws {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            AudioBatchMemory.keepFreedBuffers()
            let extractor = try options.spec.extractorFactory()()
            try forEachAudioFile(files) { file in
                let extraction = try extractor.extract(file)
                let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                let target = "\(out)/\(name).\(format.fileExtension)"
                try format.encode(extraction.features).write(to: URL(fileURLWithPath: target), options: .atomic)
                let silent = extraction.silent ? " (silent)" : ""
                print("\(file) → \(target): \(extraction.features.rows) × \(extraction.features.columns)\(silent)")
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the feature rows of other stores (e.g. one per --shard) into this one.",
            discussion:
                "Tracks are matched by catalogue id and audio path, extractors by parameters; the newer row wins.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "Stores to merge from.") var stores: [String]

        func run() async throws {
            let store = try store.open()
            for merged in try await store.mergeFeatures(from: stores) {
                print("\(merged.path): \(merged.features) feature rows, \(merged.failures) failures merged")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the extractors in the store and what they cover.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let extractors = try await store.open().extractors()
            var table = Table(header: [
                "extractor", "hash", "sr", "n_fft", "hop", "mels", "tracks", "silent", "failures",
            ])
            table.rightAligned = [2, 3, 4, 5, 6, 7, 8]
            table.rows = extractors.map {
                let mel = $0.spec.mel
                return [
                    $0.spec.name, $0.spec.parametersHash, "\(mel.sampleRate)", "\(mel.nFFT)", "\(mel.hop)",
                    "\(mel.mels)",
                    "\($0.tracks)", "\($0.silent)", "\($0.failures)",
                ]
            }
            print(table.render())
        }
    }
}
