/// The extractors a program can run, by kind: the spectral ones, and those other modules add
/// (`Pretrained` registers musicnn's). Adding an extractor is one type and one ``register(_:factory:)``.
///
/// ```swift
/// var registry = ExtractorRegistry.spectral
/// registry.register(.myExtractor) { spec in { MyExtractor(spec) } }
/// let make = try registry.factory(for: ExtractorSpec(.myExtractor))
/// ```
public struct ExtractorRegistry: Sendable {
    /// Makes extractors for a spec, one per call (each holds its own scratch space); throws when
    /// what it needs (a model's weights) is missing.
    public typealias Factory = @Sendable (ExtractorSpec) throws -> @Sendable () -> any FeatureExtractor

    private var entries: [(kind: ExtractorKind, factory: Factory)] = []

    /// A registry with nothing in it.
    public init() {}

    /// `logmel` and `logmel-stats`.
    public static var spectral: ExtractorRegistry {
        var registry = ExtractorRegistry()
        for kind in [ExtractorKind.logmel, .logmelStats] {
            registry.register(kind) { spec in { Extractor(spec) } }
        }
        return registry
    }

    /// Adds `kind`, or replaces how it is made.
    public mutating func register(_ kind: ExtractorKind, factory: @escaping Factory) {
        entries.removeAll { $0.kind == kind }
        entries.append((kind, factory))
    }

    /// The registered kinds, in registration order.
    public var kinds: [ExtractorKind] { entries.map(\.kind) }

    /// The registered kind named `name` (with its fixed input, if any).
    public func kind(named name: String) -> ExtractorKind? {
        entries.first { $0.kind.rawValue == name }?.kind
    }

    /// What makes extractors for `spec`.
    public func factory(for spec: ExtractorSpec) throws -> @Sendable () -> any FeatureExtractor {
        guard let entry = entries.first(where: { $0.kind == spec.kind }) else {
            throw ExtractorRegistryError(kind: spec.kind, known: kinds)
        }
        return try entry.factory(spec)
    }
}

/// A spec names an extractor the registry does not have.
public struct ExtractorRegistryError: Error, Sendable, CustomStringConvertible {
    /// The unknown kind.
    public var kind: ExtractorKind
    /// The kinds there are.
    public var known: [ExtractorKind]

    public var description: String {
        "no extractor '\(kind)'; the extractors are \(known.map(\.rawValue).joined(separator: ", "))"
    }
}
