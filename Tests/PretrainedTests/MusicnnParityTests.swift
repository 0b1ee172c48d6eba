import AudioFeatures
import Foundation
import Learning
import TagmineTestSupport
import Testing

@testable import Pretrained

/// What `make_musicnn_fixtures.py` recorded from the original TensorFlow model.
struct MusicnnFixture: Decodable {
    struct Outputs: Decodable {
        var taggram: [[Float]]
        var penultimate: [[Float]]
        var mean_pool: [[Float]]
        var max_pool: [[Float]]
    }
    var clips: [String: [String: Outputs]]
}

@Suite struct MusicnnParityTests {
    static let recorded = Result { try fixture(MusicnnFixture.self, named: "musicnn_outputs.json") }

    @Test(arguments: MusicnnModel.allCases)
    func matchesTheOriginalModelWithinOneThousandth(_ model: MusicnnModel) throws {
        let bundle = try MusicnnPackage.checkpoint(model, from: try musicnnWheel())
        let network = MusicnnNetwork(weights: try MusicnnWeights(model: model, bundle: bundle))
        let tagger = MusicnnTagger(network: network)
        let expected = try Self.recorded.get()
        for clip in ["tonal", "beats"] {
            let reference = try #require(expected.clips[clip]?[model.checkpointFolder])
            let output = try tagger.tag(fixturesFolder() + "/\(clip).wav", decode: DecodeOptions())
            #expect(output.patches.count == reference.taggram.count)
            for (index, patch) in output.patches.enumerated() {
                let tags = zip(patch.probabilities, reference.taggram[index]).map { abs($0 - $1) }.max() ?? .nan
                #expect(tags < 1e-3, "\(clip) patch \(index): tag probabilities differ by up to \(tags)")
                for (name, ours, theirs) in [
                    ("penultimate", patch.penultimate, reference.penultimate[index]),
                    ("mean pool", patch.meanPool, reference.mean_pool[index]),
                    ("max pool", patch.maxPool, reference.max_pool[index]),
                ] {
                    let worst = zip(ours, theirs).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .nan
                    #expect(ours.count == theirs.count && worst < 1e-3, "\(clip) patch \(index) \(name): \(worst)")
                }
            }
        }
    }
}

@Suite struct FineTuningStartTests {
    /// The warm start over the embedding layout must reproduce the network's own dense layer: for
    /// a one-patch clip, ReLU(W · embedding + b) then the penultimate batch normalization is the
    /// penultimate embedding.
    @Test func theDenseWarmStartReadsTheEmbeddingAsTheNetworkDoes() throws {
        let weights = try MusicnnWeights(
            model: .msd, bundle: try MusicnnPackage.checkpoint(.msd, from: try musicnnWheel()))
        let output = try MusicnnTagger(network: MusicnnNetwork(weights: weights))
            .tag(fixturesFolder() + "/tonal.wav", decode: DecodeOptions())
        try #require(output.patches.count == 1)
        let embedding = output.embedding
        let start = weights.denseWarmStart
        #expect(start.inputs == embedding.count && start.outputs == MusicnnWeights.denseUnits)
        let normalization = weights.penultimateNormalization
        let rebuilt = (0..<start.outputs).map { unit in
            let sum = (0..<start.inputs).reduce(start.bias[unit]) {
                $0 + start.weights[unit * start.inputs + $1] * embedding[$1]
            }
            return max(sum, 0) * normalization.scale[unit] + normalization.shift[unit]
        }
        let worst = zip(rebuilt, output.patches[0].penultimate).map { abs($0 - $1) }.max() ?? .nan
        #expect(worst < 1e-3, "largest difference \(worst)")
    }
}
