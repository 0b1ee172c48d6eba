import AudioFeatures
import Foundation
import TagmineTestSupport
import Testing

/// librosa's output for the committed clips (Fixtures/make_librosa_fixtures.py wrote it).
struct LibrosaFixture: Decodable {
    struct Parameters: Decodable {
        var sr: Int
        var n_fft: Int
        var hop_length: Int
        var n_mels: Int
        var fmin: Double
        var fmax: Double?
        var htk: Bool
    }

    struct Clip: Decodable {
        var file: String
        var native: Bool
        var parameters: Parameters
        var samples: Int
        var shape: [Int]
        var logmel: [Float]
        var stats: [Float]?

        var spec: ExtractorSpec {
            var mel = MelParameters()
            mel.sampleRate = parameters.sr
            mel.nFFT = parameters.n_fft
            mel.hop = parameters.hop_length
            mel.mels = parameters.n_mels
            mel.fmin = parameters.fmin
            mel.fmax = parameters.fmax
            mel.scale = parameters.htk ? .htk : .slaney
            return ExtractorSpec(.logmel, mel: mel)
        }

        var path: String { fixturesFolder() + "/" + file }
    }

    var librosa: String
    var clips: [Clip]

    static func load() throws -> LibrosaFixture {
        try fixture(LibrosaFixture.self, named: "librosa_logmel.json")
    }
}

@Suite struct LibrosaParityTests {
    @Test func nativeRateLogMelMatchesLibrosaWithinFiveHundredthsOfADecibel() throws {
        let fixture = try LibrosaFixture.load()
        let native = fixture.clips.filter(\.native)
        try #require(native.count >= 3)
        for clip in native {
            let features = try Extractor(clip.spec).extract(clip.path).features
            #expect([features.rows, features.columns] == clip.shape, "\(clip.file)")
            let ceiling = clip.logmel.max()! - 60
            var worst: Float = 0
            for (ours, theirs) in zip(features.values, clip.logmel) where theirs >= ceiling {
                worst = max(worst, abs(ours - theirs))
            }
            #expect(worst <= 0.05, "\(clip.file) \(clip.parameters.n_mels) mels: max |Δ| \(worst) dB")
        }
    }

    @Test func resampledLogMelMatchesLibrosaWithinATenthOfADecibelOnAverage() throws {
        let fixture = try LibrosaFixture.load()
        let resampled = fixture.clips.filter { !$0.native }
        try #require(resampled.count >= 3)
        for clip in resampled {
            let features = try Extractor(clip.spec).extract(clip.path).features
            try #require([features.rows, features.columns] == clip.shape, "\(clip.file)")
            let total = zip(features.values, clip.logmel).reduce(Float(0)) { $0 + abs($1.0 - $1.1) }
            let mean = total / Float(clip.logmel.count)
            #expect(mean <= 0.1, "\(clip.file): mean |Δ| \(mean) dB")
        }
    }

    @Test func clipStatisticsPoolTheLogMelAsNumpyDoes() throws {
        let fixture = try LibrosaFixture.load()
        let clip = try #require(fixture.clips.first { $0.stats != nil })
        var spec = clip.spec
        spec.kind = .logmelStats
        let vector = try Extractor(spec).extract(clip.path).features
        let expected = try #require(clip.stats)
        #expect(vector.rows == 1 && vector.columns == 512)
        let worst = zip(vector.values, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 0.01, "max |Δ| \(worst)")
    }
}
