public import AudioFeatures
public import Learning

/// The `musicnn-msd` / `musicnn-mtt` extractors: one embedding per file (see
/// ``MusicnnTrackOutput/embedding``), cached in the store like any feature.
///
/// Holds the network's scratch space: one per task; extractors can share the weights.
public final class MusicnnExtractor: FeatureExtractor {
    public let spec: ExtractorSpec
    private let tagger: MusicnnTagger

    /// An extractor for `spec` (a pretrained kind matching `weights`).
    public init(_ spec: ExtractorSpec, weights: MusicnnWeights) {
        precondition(MusicnnModel(spec.kind) == weights.model, "\(spec.name) needs \(spec.name)'s weights")
        self.spec = spec
        tagger = MusicnnTagger(network: MusicnnNetwork(weights: weights))
    }

    public func extract(_ path: String) throws(AudioError) -> Extraction {
        let (clip, source) = try MusicnnInput.clip(path, decode: spec.decode)
        let embedding = tagger.tag(samples: clip.samples).embedding
        return Extraction(
            features: FeatureMatrix(rows: 1, columns: embedding.count, values: embedding), source: source,
            silent: clip.peak < Extractor.silenceThreshold)
    }
}

/// The `musicnn-input` extractor: musicnn's input spectrogram per file (16 kHz, 96 bands,
/// float16-compressed, ``MusicnnInput/spectrogram(_:)``), what fine-tuning musicnn trains on.
/// Needs no weights.
public final class MusicnnInputExtractor: FeatureExtractor {
    public let spec: ExtractorSpec
    private let input = MusicnnInput()

    /// An extractor for `spec` (``ExtractorKind/musicnnInput``).
    public init(_ spec: ExtractorSpec) {
        self.spec = spec
    }

    public func extract(_ path: String) throws(AudioError) -> Extraction {
        let (clip, source) = try MusicnnInput.clip(path, decode: spec.decode)
        return Extraction(
            features: input.spectrogram(clip.samples), source: source,
            silent: clip.peak < Extractor.silenceThreshold)
    }
}

extension ExtractorKind {
    /// musicnn's input spectrogram, `96 × frames` (``MusicnnInputExtractor``): what
    /// `train --model musicnn-msd|musicnn-mtt --fine-tune backend|all` trains on.
    public static let musicnnInput = ExtractorKind("musicnn-input", fixedInput: .musicnnInput, isMatrix: true)

    /// One vector per clip from the pretrained musicnn tagger trained on the Million Song Dataset:
    /// the means over 3-second patches of its 50 tag probabilities, penultimate layer, mean pool
    /// and max pool (1,756 values), once `tagmine models install musicnn-msd` has run.
    public static let musicnnMSD = ExtractorKind(MusicnnModel.msd.rawValue, fixedInput: .musicnnInput)
    /// The same from the musicnn tagger trained on MagnaTagATune.
    public static let musicnnMTT = ExtractorKind(MusicnnModel.mtt.rawValue, fixedInput: .musicnnInput)
}

extension MelParameters {
    /// musicnn's input spectrogram: 16 kHz, n_fft 512, hop 256, 96 Slaney mels (power, no decibels).
    public static var musicnnInput: MelParameters {
        var parameters = MelParameters()
        parameters.sampleRate = 16_000
        parameters.nFFT = 512
        parameters.hop = 256
        parameters.mels = 96
        return parameters
    }
}

extension ExtractorRegistry {
    /// The spectral extractors and musicnn's, whose weights are read from `models` once per factory
    /// (a factory throws if its model is not installed).
    public static func standard(models: ModelDirectory = ModelDirectory()) -> ExtractorRegistry {
        var registry = ExtractorRegistry.spectral
        registry.register(.musicnnInput) { spec in { MusicnnInputExtractor(spec) } }
        for model in MusicnnModel.allCases {
            registry.register(ExtractorKind(model.rawValue, fixedInput: .musicnnInput)) { spec in
                let weights = try models.weights(model)
                return { MusicnnExtractor(spec, weights: weights) }
            }
        }
        return registry
    }
}

extension ExtractorSpec {
    /// Makes extractors for this spec, one per call, from the ``ExtractorRegistry/standard(models:)``
    /// registry (throws if a pretrained model is not installed).
    public func extractorFactory(models: ModelDirectory = ModelDirectory()) throws
        -> @Sendable () -> any FeatureExtractor
    {
        try ExtractorRegistry.standard(models: models).factory(for: self)
    }
}

extension MusicnnWeights {
    /// Units of the back end's dense (penultimate) layer.
    public static let denseUnits = MusicnnArchitecture.penultimateUnits

    /// The back end's dense layer (its input batch normalization folded in) over the track
    /// embedding's layout: zero weights on the tags and the penultimate layer, musicnn's on the
    /// mean and max pools. musicnn itself feeds it each patch's pools interleaved, max first; the
    /// embedding holds their means over the patches.
    public var denseWarmStart: WarmStart {
        typealias Layout = MusicnnTrackOutput.EmbeddingLayout
        let width = MusicnnArchitecture.frameWidth, units = Self.denseUnits, inputs = Layout.count
        var weights = [Float](repeating: 0, count: units * inputs)
        for unit in 0..<units {
            for feature in 0..<width {
                weights[unit * inputs + Layout.meanPool + feature] = dense[(2 * feature + 1) * units + unit]
                weights[unit * inputs + Layout.maxPool + feature] = dense[(2 * feature) * units + unit]
            }
        }
        return WarmStart(inputs: inputs, outputs: units, weights: weights, bias: denseBias)
    }
}
