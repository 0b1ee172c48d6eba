/// What a keyword map makes of a catalogue: each track's classes under the map's policy, the
/// per-class counts, how often each rule fired and on how many of those tracks it conflicted.
///
/// ```swift
/// let tally = try KeywordTally(map: try KeywordMap.named("genre"), catalogue: index)
/// print(tally.labeled, tally.ambiguous)
/// ```
public struct KeywordTally: Sendable {
    /// One labeled track.
    public struct Labeled: Sendable, Equatable {
        /// The track's position in the catalogue.
        public var track: Int
        /// Its classes, as indices into the map's classes.
        public var classes: [Int]
    }

    /// How often one rule fired.
    public struct RuleCount: Sendable, Equatable {
        /// Tracks it fired on.
        public var tracks = 0
        /// Of those, tracks whose tags also supported another class.
        public var conflicts = 0
    }

    /// The labeled tracks, in catalogue order.
    public private(set) var labels: [Labeled] = []
    /// Labeled tracks per class, in map order.
    public private(set) var counts: [Int]
    /// Per rule, in map order.
    public private(set) var rules: [RuleCount]
    /// Tracks with at least one class.
    public private(set) var labeled = 0
    /// Tracks left unlabeled because several classes matched under the single policy.
    public private(set) var ambiguous = 0
    /// What the map found in each distinct tag, by position: the evidence behind the labels.
    public let tags: [TagKeywords]

    /// Applies `map` to every track of `catalogue`.
    public init(map: KeywordMap, catalogue: some TaggedTracks) throws(TextMiningError) {
        let labeler = KeywordLabeler(map: map)
        var tags: [TagKeywords] = []
        tags.reserveCapacity(catalogue.tagNames.count)
        for name in catalogue.tagNames { tags.append(try labeler.matches(in: name)) }
        self.tags = tags
        counts = Array(repeating: 0, count: map.classes.count)
        rules = Array(repeating: RuleCount(), count: map.rules.count)
        var lastTrackOfRule = Array(repeating: -1, count: map.rules.count)
        var trackRules: [Int] = []
        var supported = ClassMask(classCount: map.classes.count)
        var excluded = supported
        for track in 0..<catalogue.trackCount {
            supported.removeAll()
            excluded.removeAll()
            trackRules.removeAll(keepingCapacity: true)
            for tag in catalogue.tags(ofTrack: track) where !tags[Int(tag)].rules.isEmpty {
                let part = tags[Int(tag)]
                supported.formUnion(part.supported)
                excluded.formUnion(part.excluded)
                for rule in part.rules where lastTrackOfRule[rule] != track {
                    lastTrackOfRule[rule] = track
                    trackRules.append(rule)
                }
            }
            guard !trackRules.isEmpty else { continue }
            // A rule conflicts on a track whose tags support more than one class.
            let conflict = supported.count > 1
            for rule in trackRules {
                rules[rule].tracks += 1
                if conflict { rules[rule].conflicts += 1 }
            }
            let resolution = labeler.resolve(supported: supported, excluded: excluded)
            if resolution.ambiguous { ambiguous += 1 }
            guard !resolution.classes.isEmpty else { continue }
            labeled += 1
            for className in resolution.classes { counts[className] += 1 }
            labels.append(Labeled(track: track, classes: resolution.classes))
        }
    }
}
