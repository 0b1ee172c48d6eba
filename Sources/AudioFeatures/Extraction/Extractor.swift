/// Computes one ``ExtractorSpec``'s features for audio files: ``Extractor`` for the spectral
/// kinds, the `Pretrained` module's extractor for the pretrained ones.
///
/// Instances hold scratch space: make one per task.
public protocol FeatureExtractor: AnyObject {
    /// What it computes.
    var spec: ExtractorSpec { get }
    /// The features of the file at `path`.
    func extract(_ path: String) throws(AudioError) -> Extraction
}

/// Decodes, resamples and featurises files with one ``ExtractorSpec``.
///
/// ```swift
/// let extractor = Extractor(ExtractorSpec(.logmelStats))
/// let extraction = try extractor.extract("audio/T0000001.wav")
/// ```
///
/// Holds FFT scratch space: make one per task.
public final class Extractor: FeatureExtractor {
    /// The peak below which a clip counts as silent: −80 dBFS.
    public static let silenceThreshold: Float = 1e-4

    /// What this extractor computes.
    public let spec: ExtractorSpec
    private let spectrogram: LogMelSpectrogram

    /// Prepares an extractor; `spec.mel` must have no ``MelParameters/problems``. It computes
    /// `logmel-stats` for that kind and the log-mel spectrogram for any other: the
    /// ``ExtractorRegistry`` hands it only the spectral kinds.
    public init(_ spec: ExtractorSpec) {
        self.spec = spec
        spectrogram = LogMelSpectrogram(spec.mel)
    }

    /// The features of the file at `path`.
    public func extract(_ path: String) throws(AudioError) -> Extraction {
        let (decoded, source) = try AudioDecoder.decode(path, options: spec.decode)
        let clip = try Resampler.resample(decoded, to: spec.mel.sampleRate, path: path)
        guard clip.samples.count >= spec.mel.nFFT else {
            throw AudioError(
                .tooShort, path: path,
                "\(clip.samples.count) samples at \(clip.sampleRate) Hz is shorter than one \(spec.mel.nFFT)-sample frame"
            )
        }
        return Extraction(features: features(of: clip), source: source, silent: clip.peak < Self.silenceThreshold)
    }

    /// The features of a clip already at the extractor's rate.
    public func features(of clip: AudioClip) -> FeatureMatrix {
        let logMel = spectrogram.compute(clip)
        return spec.kind == .logmelStats ? ClipStatistics.of(logMel) : logMel
    }
}
