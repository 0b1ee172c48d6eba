import AudioFeatures
import Foundation
import Pretrained
import TagmineTestSupport
import Testing

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
