import Foundation
import Testing

@testable import Learning

/// One CNN for two label sets: the patterns' kinds (every track) and, for some tracks only, whether
/// the clip is long (at least 45 frames) or short.
@Suite struct MultiTaskTrainerTests {
    static let tasks = [
        TaskHead(name: "kind", classes: ["tone", "clicks", "sweep"], multiLabel: false),
        TaskHead(name: "length", classes: ["short", "long"], multiLabel: false),
    ]

    /// The patterns with the length task on every track whose index is even.
    static var data: LabeledData {
        var data = patterns(perClass: 16)
        data.classes += ["short", "long"]
        data.multiLabel = true
        for row in 0..<data.rows where row % 2 == 0 {
            data.labels[row].append(data.frameCount(row) >= 45 ? 4 : 3)
        }
        return data
    }

    static func trainer(epochs: Int = 6) -> ConvTrainer {
        var trainer = tinyTrainer(epochs: epochs)
        trainer.options.mixup = 0
        trainer.options.validationFraction = 0
        trainer.tasks = tasks
        return trainer
    }

    /// The output layers the trainer starts from: without a validation part nothing draws from the
    /// fold's generator before the network does.
    static func initialHeads(seed: UInt64) throws -> [[Float]] {
        var random = SeededRandom(seed: seed)
        let stack = try LayerStack(
            tinyArchitecture, input: MapShape(channels: 1, height: 16, width: 24), taskOutputs: [3, 2],
            random: &random)
        return try #require(stack.layers.last as? TaskHeads).parameters.map(\.values)
    }

    /// A model's output layers: weight and bias per task.
    static func heads(_ model: ConvClassifier) throws -> [[Float]] {
        try #require(model.network().layers.last as? TaskHeads).parameters.map(\.values)
    }

    @Test func aTrackWithoutATasksLabelLeavesThatHeadUnchanged() throws {
        let data = Self.data
        let unlabeled = (0..<data.rows).filter { $0 % 2 == 1 }
        let (model, _) = Self.trainer().fit(data, rows: unlabeled, seed: 11, fold: 1, progress: nil)
        let heads = try Self.heads(model)
        let initial = try Self.initialHeads(seed: 11)
        #expect(heads[0] != initial[0] && heads[1] != initial[1], "the kind head trains")
        #expect(heads[2] == initial[2] && heads[3] == initial[3], "no track had a length label")

        let (both, _) = Self.trainer().fit(data, rows: Array(0..<data.rows), seed: 11, fold: 1, progress: nil)
        #expect(try Array(Self.heads(both).suffix(2)) != Array(initial.suffix(2)), "with length labels the head trains")
    }

    @Test func oneNetworkLearnsBothTasksWithAProbabilityDistributionPerTask() throws {
        let data = Self.data
        let trainer = Self.trainer(epochs: 12)
        try trainer.check(mels: 16, classes: 5)
        let (model, _) = trainer.fit(data, rows: Array(0..<data.rows), seed: 3, fold: 1, progress: nil)
        #expect(model.tasks == Self.tasks && model.classes == ["tone", "clicks", "sweep", "short", "long"])
        let probabilities = trainer.probabilities(model, data, rows: Array(0..<data.rows))
        var kinds = 0, lengths = 0, lengthRows = 0
        for row in 0..<data.rows {
            let p = Array(probabilities[(row * 5)..<(row * 5 + 5)])
            #expect(abs(p[0..<3].reduce(0, +) - 1) < 1e-4 && abs(p[3..<5].reduce(0, +) - 1) < 1e-4)
            if Classifier.mostProbable(Array(p[0..<3])) == data.labels[row][0] { kinds += 1 }
            if data.labels[row].count == 2 {
                lengthRows += 1
                if Classifier.mostProbable(Array(p[3..<5])).map({ $0 + 3 }) == data.labels[row][1] { lengths += 1 }
            }
        }
        #expect(kinds >= 40, "\(kinds) of 48 kinds right")
        #expect(lengthRows == 24 && lengths >= 16, "\(lengths) of \(lengthRows) lengths right")

        let file = ModelFile(model: .convolutional(model), extractor: ExtractorSpec(.logmel), training: trainer.options)
        #expect(try ModelFile.decode(try file.encoded(), source: "m.json").model == .convolutional(model))
    }

    /// A new output layer on a multi-task network's trunk: every other tensor and the input
    /// standardisation stay as they were.
    @Test func aFrozenTrunkKeepsEveryLayerButTheNewOutputLayer() throws {
        let data = Self.data
        let (multiTask, _) = Self.trainer().fit(data, rows: Array(0..<data.rows), seed: 2, fold: 1, progress: nil)
        var kinds = data
        kinds.classes = Array(kinds.classes.prefix(3))
        kinds.labels = kinds.labels.map { [$0[0]] }
        kinds.multiLabel = false
        var trainer = tinyTrainer(epochs: 3)
        trainer.frozenTrunk = multiTask.frozenTrunk
        let (model, _) = trainer.fit(kinds, rows: Array(0..<kinds.rows), seed: 4, fold: 1, progress: nil)
        #expect(model.frozenTrunk.tensors == multiTask.frozenTrunk.tensors)
        #expect(model.standardizer == multiTask.standardizer)
        let output = try #require(model.network().layers.last?.parameters.first?.values)
        #expect(output.count == 3 * (model.network().layers.last?.input.count ?? 0))
        var fresh = tinyTrainer(epochs: 3)
        fresh.options.seed = 4
        #expect(model != fresh.fit(kinds, rows: Array(0..<kinds.rows), seed: 4, fold: 1, progress: nil).0)
    }
}
