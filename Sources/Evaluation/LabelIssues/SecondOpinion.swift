import Foundation

/// A pretrained audio tagger's independent opinion on a run's tracks: where its tags contradict
/// the text-mined label ("text says ballad, tagger says rock 0.81").
///
/// A class stands for the tagger tag of the same name, ignoring case and a final "s" (`pops` is
/// `pop`); classes without such a tag (`ballad`) can still be contradicted by the tags of others.
/// A track is a disagreement when the strongest tag standing for another class reaches
/// ``threshold`` and leads the given class's own tag (0 when it has none) by ``margin``.
///
/// ```swift
/// let opinion = SecondOpinion(model: "musicnn-msd", labels: tagger.labels, classes: run.classes,
///                             tracks: heard)
/// for disagreement in opinion.disagreements { print(disagreement.sentence(model: opinion.model)) }
/// ```
public struct SecondOpinion: Sendable, Codable, Equatable {
    /// One track the tagger has heard: its catalogue id, its given class and the tagger's
    /// probability for each of its labels.
    public struct Heard: Sendable {
        public var track: String
        public var given: String
        public var probabilities: [Float]

        public init(track: String, given: String, probabilities: [Float]) {
            self.track = track
            self.given = given
            self.probabilities = probabilities
        }
    }

    /// What the tagger says about one track, in the run's classes.
    public struct Opinion: Sendable, Codable, Equatable {
        /// The class whose tag the tagger finds strongest.
        public var className: String
        /// That tag.
        public var tag: String
        /// Its probability.
        public var probability: Double
    }

    /// A track where the tagger contradicts the text-mined label.
    public struct Disagreement: Sendable, Codable, Equatable {
        public var track: String
        /// The text-mined class.
        public var given: String
        /// The tagger's probability for the given class's own tag, if it has one.
        public var givenProbability: Double?
        /// The tagger's view.
        public var tagger: Opinion

        /// "D000123: text says ballad, musicnn-msd says rock 0.81"
        public func sentence(model: String) -> String {
            let own = givenProbability.map { String(format: " (%@ %.2f)", given, $0) } ?? ""
            return "\(track): text says \(given), \(model) says \(tagger.tag) "
                + String(format: "%.2f", tagger.probability) + own
        }
    }

    /// The smallest probability of a contradicting tag.
    public static let threshold = 0.5
    /// How far it must lead the given class's own tag.
    public static let margin = 0.25

    /// The tagger (`musicnn-msd`).
    public var model: String
    /// Each class that has a tagger tag, with it.
    public var tags: [String: String]
    /// Tracks the tagger has heard.
    public var tracks: Int
    /// The disagreements, most confident first.
    public var disagreements: [Disagreement]
    /// The tagger's view of every track it has heard and has a class tag for, by catalogue id
    /// (not encoded: the review queue carries the views of its own tracks).
    public var opinions: [String: Opinion] = [:]

    private enum CodingKeys: String, CodingKey { case model, tags, tracks, disagreements }

    /// Compares `heard` tracks' given classes with the tagger's `labels` probabilities.
    public init(model: String, labels: [String], classes: [String], tracks heard: [Heard]) {
        func key(_ name: String) -> String {
            let lower = name.lowercased()
            return lower.hasSuffix("s") ? String(lower.dropLast()) : lower
        }
        let labelIndex = Dictionary(labels.enumerated().map { (key($1), $0) }, uniquingKeysWith: { first, _ in first })
        let mapped = classes.compactMap { name in labelIndex[key(name)].map { (className: name, label: $0) } }
        self.model = model
        tags = Dictionary(uniqueKeysWithValues: mapped.map { ($0.className, labels[$0.label]) })
        tracks = heard.count
        var opinions: [String: Opinion] = [:]
        var disagreements: [Disagreement] = []
        for track in heard where track.probabilities.count == labels.count {
            let own = mapped.first { $0.className == track.given }.map { Double(track.probabilities[$0.label]) }
            guard
                let strongest = mapped.max(by: { track.probabilities[$0.label] < track.probabilities[$1.label] })
            else { continue }
            let opinion = Opinion(
                className: strongest.className, tag: labels[strongest.label],
                probability: Double(track.probabilities[strongest.label]))
            opinions[track.track] = opinion
            if strongest.className != track.given, opinion.probability >= Self.threshold,
                opinion.probability - (own ?? 0) >= Self.margin
            {
                disagreements.append(
                    Disagreement(track: track.track, given: track.given, givenProbability: own, tagger: opinion))
            }
        }
        self.disagreements = disagreements.sorted {
            ($0.tagger.probability, $1.track) > ($1.tagger.probability, $0.track)
        }
        self.opinions = opinions
    }
}
