/// Keyword rules that map tags to classes (genres, instruments), read from a TOML file.
///
/// ```toml
/// task = "genre"
/// policy = "single"                      # or "multi": any number of classes per track
/// priority = ["classical", "rock"]       # optional: settles single-policy ties
///
/// [[class]]
/// name = "rock"
/// keywords = ["rock", "ロック", "hard rock"]
/// exclude = ["no rock"]                  # optional: a match removes the class from the track
/// ```
///
/// Keywords are tokenised like tags, so `guitars`, `ｷﾞﾀｰ` and `エレキギター` find their keywords, and
/// the longest keyword wins where two overlap (`electric guitar` over `guitar`).
public struct KeywordMap: Sendable {
    /// How many classes a track may get.
    public enum Policy: String, Sendable, Codable, CaseIterable {
        /// Exactly one: tracks matching several are ambiguous (unlabeled) unless `priority` decides.
        case single
        /// Any number (instruments).
        case multi
    }

    /// One keyword or exclusion pattern.
    public struct Rule: Sendable, Hashable, Codable {
        /// As written in the map.
        public var text: String
        /// The class it belongs to.
        public var className: String
        /// Whether a match excludes the class rather than supporting it.
        public var excludes: Bool

        /// Creates a rule.
        public init(text: String, className: String, excludes: Bool) {
            self.text = text
            self.className = className
            self.excludes = excludes
        }
    }

    /// A name for the map (its file name or `builtin:…`).
    public let name: String
    /// The task the labels are for (`genre`, `instrument`, …).
    public let task: String
    /// The policy.
    public let policy: Policy
    /// The classes, in file order.
    public let classes: [String]
    /// Classes in the order that settles single-policy ties (empty: ties stay ambiguous).
    public let priority: [String]
    /// Every rule, in file order.
    public let rules: [Rule]
    /// The facet the map reads (`facet = "genre"`): its keywords then match only the values of tags
    /// in that facet (`genre---pop` as `pop`; `mood---pop` not at all). `nil`: whole tags.
    public let facet: String?
    /// How faceted tags are written, for ``facet``.
    public let facets: TagFacets
    let index: [UTF8Key: Int]
    /// Per rule, the index of its class in ``classes``.
    let ruleClasses: [Int]

    init(
        name: String, task: String, policy: Policy, classes: [String], priority: [String], rules: [(Rule, key: String)],
        facet: String? = nil, facets: TagFacets = TagFacets()
    ) {
        self.facet = facet
        self.facets = facets
        self.name = name
        self.task = task
        self.policy = policy
        self.classes = classes
        self.priority = priority
        self.rules = rules.map(\.0)
        self.index = Dictionary(rules.enumerated().map { (UTF8Key($1.key), $0) }) { first, _ in first }
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        self.ruleClasses = self.rules.map { classIndex[$0.className] ?? 0 }
    }

    /// The index in ``rules`` of the rule for a run of tokens' key.
    func ruleIndex(for key: String) -> Int? {
        index[UTF8Key(key)]
    }
}
