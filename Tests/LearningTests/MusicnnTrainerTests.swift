import Foundation
import Testing

@testable import Learning

/// Fine-tuning on a musicnn of the published structure but a few filters per layer, from random
/// "pretrained" weights, on the pattern spectrograms (scaled to musicnn's input range).
@Suite struct MusicnnTrainerTests {
    static let shape = MusicnnShape(
        mels: 8, frames: 16, timbral: [.init(frequency: 3, time: 3, filters: 4)],
        temporal: [.init(time: 4, filters: 3)],
        midFilters: 4, midLayers: 2, midTime: 3, denseUnits: 6, tags: 5)

    static let pretrained: [String: [Float]] = {
        var random = SeededRandom(seed: 3)
        let trunk = MusicnnTrunk(shape, trainsFrontEnd: true, random: &random)
        // Running statistics away from PyTorch's initial 0 and 1, so that freezing them shows.
        var tensors: [String: [Float]] = [:]
        for (name, tensor) in trunk.namedTensors {
            tensors[name] =
                name.hasSuffix(".mean")
                ? tensor.values.map { $0 + 0.1 }
                : name.hasSuffix(".variance") ? tensor.values.map { $0 * 1.5 } : tensor.values
        }
        return tensors
    }()

    static var data: LabeledData {
        var data = patterns(perClass: 8, mels: shape.mels)
        data.features = data.features.map { ($0 + 60) / 20 }
        return data
    }

    static func options(_ depth: FineTuning, _ statistics: BatchStatistics = .frozen) -> TrainingOptions {
        var options = TrainingOptions.defaults(for: .musicnnMSD)
        options.fineTune = depth
        options.transfer?.statistics = statistics
        options.epochs = 4
        options.learningRate = 3e-3
        return options
    }

    static func fit(_ options: TrainingOptions) throws -> (MusicnnClassifier, MusicnnTrainer) {
        let trainer = try MusicnnTrainer(options: options, shape: shape, pretrained: pretrained)
        let data = Self.data
        return (trainer.fit(data, rows: Array(0..<data.rows), seed: 5, fold: 1, progress: nil).0, trainer)
    }

    /// Tensors of `model` by name.
    static func named(_ model: MusicnnClassifier) -> [String: [Float]] {
        var random = SeededRandom(seed: 0)
        let names = MusicnnTrunk(shape, trainsFrontEnd: false, random: &random).namedTensors.map(\.name)
        return Dictionary(uniqueKeysWithValues: zip(names, model.trunk))
    }

    @Test func backendTrainsTheMidAndBackEndButLeavesTheFrontEndAsPretrained() throws {
        let tensors = Self.named(try Self.fit(Self.options(.backend)).0)
        for (name, values) in tensors {
            let pretrained = try #require(Self.pretrained[name])
            if name.hasPrefix("timbral") || name.hasPrefix("temporal") || name.hasPrefix("input")
                || name.hasSuffix(".mean") || name.hasSuffix(".variance")
            {
                #expect(values == pretrained, "\(name) must stay as pretrained")
            } else {
                #expect(values != pretrained, "\(name) must train")
            }
        }
    }

    @Test func allTrainsTheFrontEndTooAndUpdatedStatisticsMove() throws {
        let tensors = Self.named(try Self.fit(Self.options(.all, .updated)).0)
        for (name, values) in tensors {
            let pretrained = try #require(Self.pretrained[name])
            if name.hasPrefix("input") {
                #expect(values == pretrained, "\(name): the input's normalization never trains")
            } else {
                #expect(values != pretrained, "\(name) must change")
            }
        }
    }

    /// Before any fine-tuning step the model is the probe: the head on the pretrained network's
    /// mean patch embeddings, which feature extraction would train.
    @Test func theStartingPointIsTheHeadOnThePretrainedEmbeddings() throws {
        let data = Self.data
        let clips = (0..<data.rows).map { data.spectrogram($0) }
        var random = SeededRandom(seed: 0)
        let trunk = MusicnnTrunk(Self.shape, trainsFrontEnd: false, random: &random)
        try trunk.load(Self.pretrained)
        let embeddings = MusicnnClassifier.embeddings(clips, trunk: trunk)
        let head = Trainer(options: TrainingOptions()).fit(
            LabeledData(
                features: embeddings, rows: data.rows, columns: Self.shape.embedding.count, classes: data.classes,
                labels: data.labels, multiLabel: false), rows: Array(0..<data.rows), seed: 5, fold: 0, progress: nil
        ).0
        let model = try MusicnnClassifier(shape: Self.shape, pretrained: Self.pretrained, head: head)
        let expected = head.probabilities(embeddings, rows: data.rows)
        let actual = model.probabilities(clips)
        #expect(actual.count == data.rows * 3)
        #expect(zip(actual, expected).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func fineTuningLearnsThePatternsAndIsReproducible() throws {
        let (model, trainer) = try Self.fit(Self.options(.all))
        let data = Self.data
        let probabilities = trainer.probabilities(model, data, rows: Array(0..<data.rows))
        let correct = (0..<data.rows).filter {
            Classifier.mostProbable(Array(probabilities[($0 * 3)..<($0 * 3 + 3)])) == data.labels[$0][0]
        }
        #expect(correct.count >= 20, "\(correct.count) of 24 training tracks right")
        #expect(try Self.fit(Self.options(.all)).0 == model)
    }

    @Test func aModelFileKeepsTheFineTunedNetwork() throws {
        let (model, _) = try Self.fit(Self.options(.backend))
        var spec = ExtractorSpec(.logmel)
        spec.mel.mels = Self.shape.mels
        let file = ModelFile(model: .musicnn(model), extractor: spec, training: Self.options(.backend))
        let decoded = try ModelFile.decode(try file.encoded(), source: "m.json")
        #expect(decoded.model == .musicnn(model))
        #expect(decoded.architecture == .musicnn)
    }

    /// musicnn's front end pools each filter's map over all of frequency: the row-by-row path gives
    /// each frame's maximum (the first of equal ones) and sends its gradient there alone.
    @Test func poolingOverFrequencyKeepsEachFramesFirstMaximum() {
        let input = MapShape(channels: 2, height: 3, width: 4)
        let pooling = Pooling(input: input, kind: .max, size: (3, 1), stride: (3, 1))
        let x: [Float] = [1, 5, 2, 0, 4, 5, 1, -1, 3, 0, 7, -2] + [0, 0, 0, 0, -1, 2, 0, 9, 0, 1, 0, 8]
        var random = SeededRandom(seed: 0)
        let y = pooling.forward(x, batch: 1, mode: .training, random: &random)
        #expect(y == [4, 5, 7, 0, 0, 2, 0, 9])
        let dx = pooling.backward([1, 2, 3, 4, 5, 6, 7, 8], batch: 1)
        #expect(dx == [0, 2, 0, 4, 1, 0, 0, 0, 0, 0, 3, 0] + [5, 0, 7, 0, 0, 6, 0, 8, 0, 0, 0, 0])
    }
}

/// musicnn with an output layer per task: the patterns' kinds on every track, whether the clip is
/// long on the even ones (the tasks of ``MultiTaskTrainerTests``).
@Suite struct MusicnnMultiTaskTests {
    static var data: LabeledData {
        var data = MusicnnTrainerTests.data
        data.classes += ["short", "long"]
        data.multiLabel = true
        for row in 0..<data.rows where row % 2 == 0 {
            data.labels[row].append(data.frameCount(row) >= 45 ? 4 : 3)
        }
        return data
    }

    static func trainer(epochs: Int) throws -> MusicnnTrainer {
        var options = MusicnnTrainerTests.options(.backend)
        options.epochs = epochs
        options.validationFraction = 0
        return try MusicnnTrainer(
            options: options, shape: MusicnnTrainerTests.shape, pretrained: MusicnnTrainerTests.pretrained,
            tasks: MultiTaskTrainerTests.tasks)
    }

    /// Before any step the network is each task's probe, trained on the embeddings of the tracks
    /// that task labels, the probes moved onto one standardisation without changing an output.
    @Test func theStartingPointIsEachTasksProbeOnTheTracksItLabels() throws {
        let data = Self.data, trainer = try Self.trainer(epochs: 0)
        let (model, _) = trainer.fit(data, rows: Array(0..<data.rows), seed: 5, fold: 1, progress: nil)
        let clips = (0..<data.rows).map { data.spectrogram($0) }
        var random = SeededRandom(seed: 0)
        let trunk = MusicnnTrunk(MusicnnTrainerTests.shape, trainsFrontEnd: false, random: &random)
        try trunk.load(MusicnnTrainerTests.pretrained)
        let width = MusicnnTrainerTests.shape.embedding.count
        let embeddings = MusicnnClassifier.embeddings(clips, trunk: trunk)
        func probe(_ rows: [Int], classes: [String], labels: [[Int]]) -> [Float] {
            let features = rows.flatMap { embeddings[($0 * width)..<(($0 + 1) * width)] }
            let head = Trainer(options: trainer.probeOptions).fit(
                LabeledData(
                    features: features, rows: rows.count, columns: width, classes: classes, labels: labels,
                    multiLabel: false), rows: Array(rows.indices), seed: 5, fold: 0, progress: nil
            ).0
            return head.probabilities(features, rows: rows.count)
        }
        let all = Array(0..<data.rows), even = all.filter { $0 % 2 == 0 }
        let kinds = probe(all, classes: ["tone", "clicks", "sweep"], labels: all.map { [data.labels[$0][0]] })
        let lengths = probe(even, classes: ["short", "long"], labels: even.map { [data.labels[$0][1] - 3] })
        let actual = model.probabilities(clips)
        #expect(actual.count == data.rows * 5)
        for row in all {
            let p = Array(actual[(row * 5)..<(row * 5 + 5)])
            #expect(zip(p[0..<3], kinds[(row * 3)..<(row * 3 + 3)]).allSatisfy { abs($0 - $1) < 1e-5 }, "row \(row)")
            #expect(abs(p[3..<5].reduce(0, +) - 1) < 1e-5)
            if row % 2 == 0 {
                let expected = lengths[(row / 2 * 2)..<(row / 2 * 2 + 2)]
                #expect(zip(p[3..<5], expected).allSatisfy { abs($0 - $1) < 1e-5 }, "row \(row)")
            }
        }
    }

    @Test func aTrackWithoutATasksLabelLeavesThatOutputLayerUnchanged() throws {
        let data = Self.data, width = MusicnnTrainerTests.shape.embedding.count
        let odd = (0..<data.rows).filter { $0 % 2 == 1 }
        let (model, _) = try Self.trainer(epochs: 3).fit(data, rows: odd, seed: 5, fold: 1, progress: nil)
        let layer = try #require(model.head.network.layers.first)
        #expect(model.tasks == MultiTaskTrainerTests.tasks && model.head.network.layers.count == 1)
        #expect(layer.weights[(3 * width)...].allSatisfy { $0 == 0 } && layer.bias[3...] == [0, 0])
        #expect(layer.weights[..<(3 * width)].contains { $0 != 0 }, "the kind layer trains")

        let (both, _) = try Self.trainer(epochs: 3).fit(
            data, rows: Array(0..<data.rows), seed: 5, fold: 1, progress: nil)
        #expect(try #require(both.head.network.layers.first).weights[(3 * width)...].contains { $0 != 0 })
        let file = ModelFile(
            model: .musicnn(both), extractor: ExtractorSpec(.logmel), training: try Self.trainer(epochs: 3).options)
        let decoded = try ModelFile.decode(try file.encoded(), source: "m.json")
        #expect(decoded.model == .musicnn(both) && decoded.tasks == MultiTaskTrainerTests.tasks)
    }
}

/// musicnn's trainable network against finite differences, several patches per pass and the
/// front end training: the gradient of a fixed projection of the embeddings.
@Suite struct MusicnnTrunkGradientTests {
    @Test func gradientsOfABatchMatchFiniteDifferencesFrontEndIncluded() throws {
        let shape = MusicnnTrainerTests.shape
        var random = SeededRandom(seed: 0)
        let trunk = MusicnnTrunk(shape, trainsFrontEnd: true, random: &random)
        try trunk.load(MusicnnTrainerTests.pretrained)
        let batch = 3, sample = shape.mels * shape.frames
        var generator = SeededRandom(seed: 21)
        let x = (0..<(batch * sample)).map { _ in Float(generator.normal()) }
        let projection = (0..<(batch * shape.embedding.count)).map { _ in Float(generator.normal()) }
        func loss() -> Double {
            var random = SeededRandom(seed: 0)
            let embeddings = trunk.forward(x, batch: batch, mode: .frozenStatistics, random: &random)
            return zip(embeddings, projection).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        _ = loss()
        for parameter in trunk.trainable { parameter.clearGradient() }
        var random2 = SeededRandom(seed: 0)
        _ = trunk.forward(x, batch: batch, mode: .frozenStatistics, random: &random2)
        trunk.backward(projection, batch: batch)
        let named = Dictionary(uniqueKeysWithValues: trunk.namedTensors.map { ($0.name, $0.tensor) })
        for name in ["timbral.0.weight", "temporal.0.weight", "timbral.0.norm.shift", "mid.0.weight", "dense.weight"] {
            let tensor = try #require(named[name])
            for index in stride(from: 0, to: tensor.values.count, by: max(1, tensor.values.count / 7)) {
                let original = tensor.values[index], step: Float = 2e-3
                tensor.values[index] = original + step
                let up = loss()
                tensor.values[index] = original - step
                let down = loss()
                tensor.values[index] = original
                let numeric = (up - down) / (2 * Double(step)), analytic = Double(tensor.gradient[index])
                #expect(
                    abs(numeric - analytic) <= 2e-2 * max(1, abs(numeric)),
                    "\(name)[\(index)]: numeric \(numeric), analytic \(analytic)")
            }
        }
    }
}

extension MusicnnTrunkGradientTests {
    /// Training with frozen statistics computes what inference computes: the head learns on the
    /// embeddings prediction will give it, whichever layers train.
    @Test(arguments: [false, true])
    func aTrainingPassWithFrozenStatisticsGivesTheInferenceEmbeddings(trainsFrontEnd: Bool) throws {
        let shape = MusicnnShape.musicnn
        var random = SeededRandom(seed: 0)
        let trunk = MusicnnTrunk(shape, trainsFrontEnd: trainsFrontEnd, random: &random)
        let batch = 3
        var generator = SeededRandom(seed: 4)
        let x = (0..<(batch * shape.mels * shape.frames)).map { _ in Float(generator.normal()) }
        let inference = trunk.forward(x, batch: batch, mode: .inference, random: &random)
        let training = trunk.forward(x, batch: batch, mode: .frozenStatistics, random: &random)
        let worst = zip(inference, training).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-5, "the passes differ by \(worst)")
    }
}
