import AudioFeatures
import Foundation
import TagmineTestSupport
import Testing

/// An extractor of our own, as another module would add one: the clip's peak, one value.
private final class PeakExtractor: FeatureExtractor {
    let spec: ExtractorSpec

    init(spec: ExtractorSpec) {
        self.spec = spec
    }

    func extract(_ path: String) throws(AudioError) -> Extraction {
        let (clip, source) = try AudioDecoder.decode(path, options: spec.decode)
        return Extraction(
            features: FeatureMatrix(rows: 1, columns: 1, values: [clip.peak]), source: source, silent: clip.peak == 0)
    }
}

@Suite struct ExtractorRegistryTests {
    @Test func aNewExtractorIsOneTypeAndOneRegistration() throws {
        let peak = ExtractorKind("peak")
        var registry = ExtractorRegistry.spectral
        registry.register(peak) { spec in { PeakExtractor(spec: spec) } }
        let folder = try TemporaryDirectory()
        let path = folder.file("tone.wav")
        try AudioWriter.write(sine(440, rate: 22_050, seconds: 1), sampleRate: 22_050, to: path, as: .wav)

        let features = try registry.factory(for: ExtractorSpec(peak))().extract(path).features

        #expect(registry.kinds.map(\.rawValue) == ["logmel", "logmel-stats", "peak"])
        #expect(features.rows == 1 && features.columns == 1 && abs(features.values[0] - 0.5) < 0.01)
        let stats = try registry.factory(for: ExtractorSpec(.logmelStats))().extract(path).features
        #expect(stats.columns == 512)
    }

    @Test func anUnknownExtractorIsRefusedNamingTheKnownOnes() {
        let caught = #expect(throws: ExtractorRegistryError.self) {
            _ = try ExtractorRegistry.spectral.factory(for: ExtractorSpec(ExtractorKind("nope")))
        }
        #expect(caught?.description == "no extractor 'nope'; the extractors are logmel, logmel-stats")
    }

    @Test func aKindsNameIsItsIdentityAndAllItEncodes() throws {
        var fixed = MelParameters()
        fixed.mels = 40
        let kind = ExtractorKind("fixed", fixedInput: fixed)
        let spec = ExtractorSpec(kind, mel: MelParameters())
        #expect(spec.mel.mels == 40)
        #expect(String(decoding: try JSONEncoder().encode(kind), as: UTF8.self) == #""fixed""#)
        #expect(try JSONDecoder().decode(ExtractorKind.self, from: Data(#""fixed""#.utf8)) == kind)
        #expect(ExtractorKind(rawValue: "logmel-stats") == .logmelStats)
    }
}
