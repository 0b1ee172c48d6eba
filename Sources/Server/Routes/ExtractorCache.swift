import AudioFeatures
import Pretrained

/// Extractor factories by parameters hash, so that a pretrained model's weights are read from
/// disk and folded once per server rather than on every prediction request.
actor ExtractorCache {
    private var factories: [String: @Sendable () -> any FeatureExtractor] = [:]

    /// What makes extractors for `spec` (each holds scratch space; they share the weights).
    func factory(for spec: ExtractorSpec) throws -> @Sendable () -> any FeatureExtractor {
        if let factory = factories[spec.parametersHash] { return factory }
        let factory = try spec.extractorFactory()
        factories[spec.parametersHash] = factory
        return factory
    }
}
