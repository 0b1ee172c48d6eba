/// The features of one file and what was noticed on the way.
public struct Extraction: Sendable {
    /// The features: `mels × frames` for `logmel`, `1 × n` for clip vectors.
    public var features: FeatureMatrix
    /// What the file held before decoding cut, downmixed and resampled it.
    public var source: SourceInfo
    /// True when the decoded clip's peak is below ``Extractor/silenceThreshold`` (still extracted).
    public var silent: Bool

    /// An extraction.
    public init(features: FeatureMatrix, source: SourceInfo, silent: Bool) {
        self.features = features
        self.source = source
        self.silent = silent
    }
}
