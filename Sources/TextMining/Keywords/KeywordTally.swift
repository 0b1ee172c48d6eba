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

        // Each tag's rules and class words laid out flat, so the loop over a million tracks only
        // reads numbers; a track's classes are resolved once per distinct (supported, excluded) pair.
        var supported = ClassMask(classCount: map.classes.count)
        var excluded = supported
        let wordCount = supported.words.count
        var ruleStart = [0]
        var tagRules: [Int] = []
        var tagSupported: [UInt64] = []
        var tagExcluded: [UInt64] = []
        for part in tags {
            tagRules += part.rules
            ruleStart.append(tagRules.count)
            tagSupported += part.supported.words
            tagExcluded += part.excluded.words
        }
        var resolved: [MaskPair: KeywordResolution] = [:]
        var lastTrackOfRule = Array(repeating: -1, count: map.rules.count)
        var trackRules: [Int] = []
        for track in 0..<catalogue.trackCount {
            supported.removeAll()
            excluded.removeAll()
            trackRules.removeAll(keepingCapacity: true)
            for tag in catalogue.tags(ofTrack: track) {
                let tag = Int(tag)
                guard ruleStart[tag] < ruleStart[tag + 1] else { continue }
                for word in 0..<wordCount {
                    supported.words[word] |= tagSupported[tag * wordCount + word]
                    excluded.words[word] |= tagExcluded[tag * wordCount + word]
                }
                for rule in tagRules[ruleStart[tag]..<ruleStart[tag + 1]] where lastTrackOfRule[rule] != track {
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
            let pair = MaskPair(supported: supported, excluded: excluded)
            let resolution: KeywordResolution
            if let known = resolved[pair] {
                resolution = known
            } else {
                resolution = labeler.resolve(supported: supported, excluded: excluded)
                resolved[pair] = resolution
            }
            if resolution.ambiguous { ambiguous += 1 }
            guard !resolution.classes.isEmpty else { continue }
            labeled += 1
            for className in resolution.classes { counts[className] += 1 }
            labels.append(Labeled(track: track, classes: resolution.classes))
        }
    }
}

/// The classes a track's tags support and exclude: what decides its labels.
private struct MaskPair: Hashable {
    var supported: ClassMask
    var excluded: ClassMask
}
