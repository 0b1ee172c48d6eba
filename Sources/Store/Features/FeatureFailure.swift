/// One track's recorded extraction failure.
public struct FeatureFailure: Sendable, Equatable, Codable {
    /// The catalogue's id for the track.
    public var catalogueID: String
    /// The audio path the store holds for it.
    public var path: String?
    /// The kind of failure (``AudioError/Code``'s raw value).
    public var code: String
    /// What went wrong and what to do.
    public var message: String
}
