/// Where a label in a version came from.
public enum LabelOrigin: String, Sendable, Codable, CaseIterable {
    /// A labeling run's rule: a keyword map's or an emotion cut's.
    case rule
    /// Carried over from the parent version by a relabel.
    case inherited
    /// A person's correction of one track.
    case manual
    /// Imported from labels the catalogue or a file already had.
    case imported
}
