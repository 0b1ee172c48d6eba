import AudioFeatures
import Foundation
import Testing

@testable import Learning

/// Spectrograms of three kinds, `mels × frames` of any length from 30 to 60 frames, in noise: a
/// steady tone (a band at a random height), clicks (short bursts across every band) or sweeps
/// (bands rising one band a frame), all at random places: shapes, which convolutions see.
func patterns(perClass: Int, mels: Int = 16, seed: UInt64 = 7) -> LabeledData {
    var random = SeededRandom(seed: seed)
    var matrices: [FeatureMatrix] = [], labels: [[Int]] = []
    for label in 0..<3 {
        for _ in 0..<perClass {
            let frames = 30 + Int(random.unit() * 31)
            var values = (0..<(mels * frames)).map { _ in -60 + 4 * Float(random.normal()) }
            let band = 1 + Int(random.unit() * Float(mels - 2)), phase = Int(random.unit() * 8)
            for frame in 0..<frames {
                for mel in 0..<mels {
                    let on: Bool
                    switch label {
                    case 0: on = abs(mel - band) <= 1
                    case 1: on = (frame + phase) % 8 < 2
                    default: on = (frame + phase) % 12 == (mel + band) % 12
                    }
                    if on { values[mel * frames + frame] += 25 }
                }
            }
            matrices.append(FeatureMatrix(rows: mels, columns: frames, values: values))
            labels.append([label])
        }
    }
    let width = matrices.map(\.columns).max() ?? 0
    var features: [Float] = []
    for matrix in matrices {
        for mel in 0..<mels {
            features += matrix[row: mel]
            features += repeatElement(0, count: width - matrix.columns)
        }
    }
    return LabeledData(
        features: features, rows: matrices.count, columns: mels * width, sampleShape: [mels, width],
        classes: ["tone", "clicks", "sweep"], labels: labels, multiLabel: false, frames: matrices.map(\.columns))
}

/// A network small enough for a test: two convolution blocks and a global-pooling head.
let tinyArchitecture = ConvArchitecture(
    blocks: [
        .conv(6, kernel: [3, 3], pool: .max),
        .conv(8, kernel: [3, 3]),
    ],
    head: .init(pool: .both))

func tinyTrainer(epochs: Int = 12, seed: UInt64 = 5) -> ConvTrainer {
    var options = TrainingOptions.defaults(for: .cnn)
    options.epochs = epochs
    options.batchSize = 16
    options.learningRate = 0.01
    options.seed = seed
    // Masks as wide as the defaults' 8 bands would hide a 3-band stripe in 16 bands.
    options.convolution?.frequencyMaskBands = 2
    return ConvTrainer(options: options, architecture: tinyArchitecture, cropFrames: 24)
}

@Suite struct ConvTrainerTests {
    @Test func aSmallNetworkLearnsAGeneratedTaskOutOfFold() async throws {
        let data = patterns(perClass: 24)
        let folds = (0..<data.rows).map { $0 % 3 }
        let trainer = tinyTrainer()
        try trainer.check(mels: 16, classes: 3)
        let outcome = try await CrossValidation.outOfFold(data, folds: folds, trainer: trainer, jobs: 2)
        #expect(outcome.probabilities.allSatisfy { $0.isFinite })
        #expect(accuracy(outcome.probabilities, data) >= 0.9)
        // The curve is real: validation scores per epoch, the kept epoch among them.
        let curve = try #require(outcome.curves.first)
        #expect(!curve.validationLoss.isEmpty && curve.bestEpoch < curve.trainLoss.count)
        #expect(curve.trainLoss.last! < curve.trainLoss.first!)
    }

    @Test func theSameSeedGivesTheSameRunBitForBitAtAnyJobs() async throws {
        let data = patterns(perClass: 8)
        let folds = (0..<data.rows).map { $0 % 3 }
        let trainer = tinyTrainer(epochs: 3)
        let one = try await CrossValidation.outOfFold(data, folds: folds, trainer: trainer, jobs: 1)
        let two = try await CrossValidation.outOfFold(data, folds: folds, trainer: trainer, jobs: 2)
        #expect(one.probabilities.map(\.bitPattern) == two.probabilities.map(\.bitPattern))
        #expect(one.final == two.final)
        let other = try await CrossValidation.outOfFold(
            data, folds: folds, trainer: tinyTrainer(epochs: 3, seed: 6), jobs: 2)
        #expect(other.probabilities != one.probabilities)
    }

    @Test func aTrainingResumedFromAnEpochCheckpointEndsAsAnUninterruptedOne() throws {
        let data = patterns(perClass: 6)
        let saved = Saves()
        var trainer = tinyTrainer(epochs: 5)
        trainer.checkpoints = EpochCheckpoints(load: { _ in nil }, save: { fold, state in saved.append(fold, state) })
        let (whole, wholeCurve) = trainer.fit(data, rows: Array(0..<data.rows), seed: 3, fold: 2, progress: nil)
        #expect(saved.states.count == 5 && saved.states.allSatisfy { $0.fold == 2 })

        // Killed after the second epoch: the next start reads that state and trains epochs 3–5 only.
        let afterSecond = saved.states[1].state
        let epochs = Saves()
        trainer.checkpoints = EpochCheckpoints(
            load: { $0 == 2 ? afterSecond : nil }, save: { fold, state in epochs.append(fold, state) })
        let (resumed, resumedCurve) = trainer.fit(
            data, rows: Array(0..<data.rows), seed: 3, fold: 2,
            progress: { report in epochs.append(-1, Data("\(report.epoch)".utf8)) })
        #expect(resumed == whole)
        #expect(resumedCurve.trainLoss == wholeCurve.trainLoss && resumedCurve.bestEpoch == wholeCurve.bestEpoch)
        #expect(
            epochs.states.filter { $0.fold == -1 }.map { String(decoding: $0.state, as: UTF8.self) } == ["2", "3", "4"])
        // A state of another network is ignored, not misread.
        trainer.checkpoints = EpochCheckpoints(load: { _ in Data("not a state".utf8) }, save: { _, _ in })
        #expect(trainer.fit(data, rows: Array(0..<data.rows), seed: 3, fold: 2, progress: nil).0 == whole)
    }

    @Test func predictionAveragesCropsAndPadsShortClips() throws {
        let data = patterns(perClass: 4)
        let (classifier, _) = tinyTrainer(epochs: 2).fit(
            data, rows: Array(0..<data.rows), seed: 1, fold: 0, progress: nil)
        let crops = SpectrogramCrops(mels: 16, frames: 24, standardizer: classifier.standardizer)
        #expect(crops.predictionStarts(length: 60) == [0, 12, 24, 36])
        #expect(crops.predictionStarts(length: 50) == [0, 12, 24, 26])
        #expect(crops.predictionStarts(length: 10) == [-7])
        // A clip's probabilities are the mean of its crops' probabilities.
        let clip = data.spectrogram(0)
        let whole = classifier.probabilities([clip])
        let parts = crops.predictionStarts(length: clip.columns).map { start in
            let values = (0..<16).flatMap { mel in clip[row: mel].dropFirst(Int(start)).prefix(24) }
            return classifier.probabilities([FeatureMatrix(rows: 16, columns: 24, values: Array(values))])
        }
        for c in 0..<3 {
            let mean = parts.map { $0[c] }.reduce(0, +) / Float(parts.count)
            #expect(abs(whole[c] - mean) < 1e-5)
        }
        #expect(abs(whole.reduce(0, +) - 1) < 1e-5)
        let short = classifier.probabilities([
            FeatureMatrix(rows: 16, columns: 5, values: Array(clip.values.prefix(80)))
        ])
        #expect(short.count == 3 && short.allSatisfy { $0.isFinite })
    }

    @Test func aCNNModelFileRoundTripsAndRefusesANewerArchitectureFormat() throws {
        let data = patterns(perClass: 4)
        let trainer = tinyTrainer(epochs: 2)
        let (classifier, _) = trainer.fit(data, rows: Array(0..<data.rows), seed: 1, fold: 0, progress: nil)
        let spec = ExtractorSpec(.logmel)
        let bytes = try ModelFile(model: .convolutional(classifier), extractor: spec, training: trainer.options)
            .encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""architecture":"cnn""#) && text.contains(#""cropFrames":24"#))
        let loaded = try ModelFile.decode(bytes, source: "cnn.json", expecting: spec)
        #expect(loaded.model == .convolutional(classifier) && loaded.training == trainer.options)
        let clip = data.spectrogram(3)
        #expect(loaded.probabilities(clip) == classifier.probabilities([clip]))

        let newer = Data(text.replacingOccurrences(of: #""format":1"#, with: #""format":2"#).utf8)
        #expect(
            throws: ModelFileError(
                .newerVersion,
                "cnn.json: the network is architecture format 2, newer than this Tagmine reads (1); upgrade Tagmine")
        ) { _ = try ModelFile.decode(newer, source: "cnn.json") }
        let cut = Data(text.replacingOccurrences(of: #""cropFrames":24"#, with: #""cropFrames":1"#).utf8)
        let error = #expect(throws: ModelFileError.self) { _ = try ModelFile.decode(cut, source: "cnn.json") }
        #expect(error?.code == .corrupt && error?.message.contains("block 1") == true)
    }
}

@Suite struct ConvArchitectureTests {
    func error(_ architecture: ConvArchitecture, mels: Int = 16, frames: Int = 24) -> String? {
        var random = SeededRandom(seed: 1)
        do {
            _ = try LayerStack(
                architecture, input: MapShape(channels: 1, height: mels, width: frames), outputs: 3, random: &random)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func branchesOfDifferentShapesAreNamedWithTheirShapes() {
        var odd = ConvArchitecture.Block.conv(4, kernel: [3, 3])
        odd.stride = [2, 2]
        var parallel = ConvArchitecture.Block()
        parallel.parallel = ["a", "b"]
        let architecture = ConvArchitecture(
            blocks: [parallel], branches: ["a": [.conv(4, kernel: [3, 3])], "b": [odd]])
        #expect(
            error(architecture)
                == "block 1: parallel branches must give one shape to be summed, but 'a' gives 4 × 16 × 24 "
                + "and 'b' gives 4 × 8 × 12 (from 1 × 16 × 24)")
    }

    @Test func impossibleSizesNameTheBlockAndTheShapes() {
        var valid = ConvArchitecture.Block.conv(8, kernel: [5, 5])
        valid.padding = .valid
        let tooDeep = ConvArchitecture(blocks: [
            .conv(4, kernel: [3, 3], pool: .max), .conv(4, kernel: [3, 3], pool: .max), valid,
        ])
        #expect(
            error(tooDeep)
                == "block 3: the 5 × 5 kernel is larger than its 4 × 6 input maps (4 × 4 × 6) with valid padding")
        var pooled = ConvArchitecture.Block.conv(4, kernel: [3, 3], pool: .max)
        pooled.poolSize = [32, 2]
        #expect(
            error(ConvArchitecture(blocks: [pooled]))
                == "block 1: the 32 × 2 pooling window is larger than its input maps (4 × 16 × 24); "
                + "use a smaller pool-size or longer crops")
        var unknown = ConvArchitecture.Block()
        unknown.parallel = ["wide"]
        #expect(
            error(ConvArchitecture(blocks: [.conv(4, kernel: [3, 3]), unknown]))
                == "block 2: branch 'wide' is not defined (add [[branch.wide]] blocks)")
        #expect(
            error(ConvArchitecture(blocks: [.conv(0, kernel: [3, 3])])) == "block 1: filters must be 1–4096, not 0")
        #expect(
            error(ConvArchitecture(blocks: [.conv(4, kernel: [3, 3, 3])]))
                == "block 1: kernel must be [frequency, time], not [3, 3, 3]")
        var inBranch = ConvArchitecture.Block.conv(4, kernel: [3])
        inBranch.stride = [1, 1]
        var parallel = ConvArchitecture.Block()
        parallel.parallel = ["a"]
        #expect(
            error(ConvArchitecture(blocks: [parallel], branches: ["a": [inBranch]]))
                == "branch 'a' block 1: kernel must be [frequency, time], not [3]")
    }

    @Test func conv1dFoldsTheBandsIntoChannels() throws {
        var block = ConvArchitecture.Block()
        block.conv1d = 10
        block.kernel = [5]
        var random = SeededRandom(seed: 1)
        let stack = try LayerStack(
            ConvArchitecture(blocks: [block]), input: MapShape(channels: 1, height: 16, width: 24), outputs: 3,
            random: &random)
        let convolution = try #require(stack.layers.compactMap { $0 as? Convolution }.first)
        #expect(convolution.input == MapShape(channels: 16, height: 1, width: 24))
        #expect(convolution.output == MapShape(channels: 10, height: 1, width: 24))
        #expect(convolution.weight.values.count == 10 * 16 * 5)
    }
}

/// Epoch states a test's checkpoints saved, in order.
final class Saves: @unchecked Sendable {
    private let lock = NSLock()
    private var saved: [(fold: Int, state: Data)] = []

    func append(_ fold: Int, _ state: Data) { lock.withLock { saved.append((fold, state)) } }

    var states: [(fold: Int, state: Data)] { lock.withLock { saved } }
}
