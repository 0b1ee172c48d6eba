import AudioFeatures
import Foundation
import TagmineTestSupport
import Testing

@testable import Learning
@testable import Pretrained

/// What `make_musicnn_gradients.py` recorded from the original TensorFlow graph.
struct MusicnnGradientFixture: Decodable {
    struct Gradient: Decodable {
        var norm: Double
        var indices: [Int]
        var values: [Float]
    }
    var patch: [Float]
    var upstream: [Float]
    var embedding: [Float]
    var gradients: [String: Gradient]
}

@Suite struct MusicnnFineTuningTests {
    static let weights = Result {
        try MusicnnWeights(model: .msd, bundle: try MusicnnPackage.checkpoint(.msd, from: try musicnnWheel()))
    }

    /// The trainable network, from the same checkpoint, gives the embedding the original graph
    /// gives, and the gradient of every variable it trains: musicnn's convolutions, batch
    /// normalizations and dense layers, through the residual mid end and both pools.
    @Test func gradientsThroughEveryLayerMatchTheOriginalGraph() throws {
        let recorded = try fixture(MusicnnGradientFixture.self, named: "musicnn_gradients.json")
        let shape = MusicnnShape.musicnn
        var random = SeededRandom(seed: 1)
        let trunk = MusicnnTrunk(shape, trainsFrontEnd: true, random: &random)
        try trunk.load(try Self.weights.get().trainable)
        // The fixture's patch is frame-major, the network's input band-major.
        var patch = [Float](repeating: 0, count: recorded.patch.count)
        for t in 0..<shape.frames {
            for band in 0..<shape.mels { patch[band * shape.frames + t] = recorded.patch[t * shape.mels + band] }
        }
        let embedding = trunk.forward(patch, batch: 1, mode: .frozenStatistics, random: &random)
        let forward = zip(embedding, recorded.embedding).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .nan
        #expect(embedding.count == recorded.embedding.count && forward < 5e-4, "embedding differs by \(forward)")
        let named = Dictionary(uniqueKeysWithValues: trunk.namedTensors.map { ($0.name, $0.tensor) })
        for parameter in trunk.trainable { parameter.clearGradient() }
        trunk.backward(recorded.upstream, batch: 1)

        // Where each TensorFlow variable's values went: its number in every position, then each
        // value's flat index.
        let expected = MusicnnArchitecture.expectedTensors
        func mapped(_ value: (Int, Int) -> Float) -> [String: [Float]] {
            var tensors: [String: Tensor] = [:]
            for (number, (name, tensorShape)) in expected.enumerated() {
                let count = tensorShape.reduce(1, *)
                tensors[name] = Tensor(shape: tensorShape, values: (0..<count).map { value(number, $0) })
            }
            return MusicnnArchitecture.trunkTensors(tensors)
        }
        let owners = mapped { number, _ in Float(number) }, positions = mapped { _, index in Float(index) }
        var compared = 0
        for (number, (name, _)) in expected.enumerated() {
            // The input's normalization never trains; moving statistics are not variables.
            guard let reference = recorded.gradients[name], !name.hasPrefix("batch_normalization/") else { continue }
            let target = try #require(owners.first { $0.value.first == Float(number) }?.key, "\(name) is not mapped")
            let gradient = try #require(named[target]).gradient
            let source = try #require(positions[target])
            var byIndex: [Int: Float] = [:]
            for (position, index) in source.enumerated() { byIndex[Int(index)] = gradient[position] }
            let norm = gradient.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(
                abs(norm - reference.norm) <= 2e-3 * reference.norm + 1e-6, "\(name): norm \(norm) vs \(reference.norm)"
            )
            let floor = Float(reference.norm) / Float(gradient.count).squareRoot() * 1e-2
            for (index, value) in zip(reference.indices, reference.values) {
                let ours = try #require(byIndex[index])
                #expect(abs(ours - value) <= 2e-3 * abs(value) + floor, "\(name)[\(index)]: \(ours) vs \(value)")
            }
            compared += 1
        }
        // 8 convolutions and 2 dense layers (kernel, bias) and 10 normalizations (gamma, beta).
        #expect(compared == 40)
    }

    /// Fine-tuning starts where feature extraction ends: with musicnn's own weights, the model on
    /// the `musicnn-input` spectrograms gives what the same head gives on the `musicnn-msd`
    /// features (decoding, 16 kHz, the float16 input, 3-second patches and their mean included).
    @Test func anUntrainedFineTuneReproducesFeatureExtraction() throws {
        let weights = try Self.weights.get()
        let files = ["tonal", "beats"].map { fixturesFolder() + "/\($0).wav" }
        let extractor = MusicnnExtractor(ExtractorSpec(.musicnnMSD), weights: weights)
        let embeddings = try files.flatMap { try extractor.extract($0).features.values }
        var random = SeededRandom(seed: 9)
        let width = MusicnnShape.musicnn.embedding.count
        let head = Classifier(
            classes: ["a", "b", "c"],
            standardizer: Standardizer(
                mean: (0..<width).map { embeddings[$0] * 0.5 }, scale: (0..<width).map { _ in 0.5 + random.unit() }),
            network: Network(inputs: width, hidden: [16], outputs: 3, output: .softmax, random: &random),
            thresholds: nil)
        let expected = head.probabilities(embeddings, rows: files.count)

        let spectrograms = try files.map {
            try MusicnnInputExtractor(ExtractorSpec(.musicnnInput)).extract($0).features
        }
        #expect(spectrograms.map(\.rows) == [96, 96] && spectrograms[1].columns > 2 * 187, "beats.wav has two patches")
        let model = try MusicnnClassifier(shape: .musicnn, pretrained: weights.trainable, head: head)
        let actual = model.probabilities(spectrograms)
        #expect(actual.count == 6)
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? .nan
        #expect(worst < 1e-4, "probabilities differ by up to \(worst): \(actual) vs \(expected)")
    }
}
