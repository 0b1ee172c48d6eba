/// What a labeler found in one tag or description: the evidence behind a rule label or a score.
///
/// Stored, and sent by the API, as the plain list of entries; the two kinds are told apart by their
/// fields (a keyword hit has a `keyword`, a lexicon match a `term`).
public enum Evidence: Sendable, Hashable, Codable {
    /// The keyword-map patterns that fired.
    case keywords([KeywordHit])
    /// The polarity-lexicon terms that matched.
    case lexicon([PolarityMatch])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let hits = try? container.decode([KeywordHit].self) {
            self = .keywords(hits)
        } else {
            self = .lexicon(try container.decode([PolarityMatch].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .keywords(let hits): try container.encode(hits)
        case .lexicon(let matches): try container.encode(matches)
        }
    }
}

/// Why a track has the label it has, when a person (or a file of theirs) gave it.
///
/// Stored, and sent by the API, as the record's own fields: `{author, note?, previous}` for a
/// correction, `{line, note?}` for a label file's row, `{tool, task, annotator?}` for an annotation
/// made in another tool.
public enum LabelEvidence: Sendable, Hashable, Codable {
    /// A correction made in a relabel: who made it, why, and the track's labels before it.
    case correction(author: String, note: String?, previous: [String])
    /// A row of an imported label file.
    case labelFile(line: Int, note: String?)
    /// An annotation imported from another tool (`Label Studio`): its task id there and who made it.
    case annotation(tool: String, task: Int, annotator: String?)

    private enum CodingKeys: String, CodingKey {
        case author, note, previous, line, tool, task, annotator
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let note = try container.decodeIfPresent(String.self, forKey: .note)
        if let line = try container.decodeIfPresent(Int.self, forKey: .line) {
            self = .labelFile(line: line, note: note)
        } else if let tool = try container.decodeIfPresent(String.self, forKey: .tool) {
            self = .annotation(
                tool: tool, task: try container.decode(Int.self, forKey: .task),
                annotator: try container.decodeIfPresent(String.self, forKey: .annotator))
        } else {
            self = .correction(
                author: try container.decode(String.self, forKey: .author), note: note,
                previous: try container.decode([String].self, forKey: .previous))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .correction(let author, let note, let previous):
            try container.encode(author, forKey: .author)
            try container.encodeIfPresent(note, forKey: .note)
            try container.encode(previous, forKey: .previous)
        case .labelFile(let line, let note):
            try container.encode(line, forKey: .line)
            try container.encodeIfPresent(note, forKey: .note)
        case .annotation(let tool, let task, let annotator):
            try container.encode(tool, forKey: .tool)
            try container.encode(task, forKey: .task)
            try container.encodeIfPresent(annotator, forKey: .annotator)
        }
    }
}

/// One keyword or exclusion pattern that fired on a tag.
public struct KeywordHit: Sendable, Hashable, Codable {
    /// The tag as the catalogue wrote it.
    public var tag: String
    /// The keyword as the map writes it.
    public var keyword: String
    /// Its class.
    public var className: String
    /// Whether the hit removes the class (an exclusion pattern, or a negated keyword).
    public var excludes: Bool

    /// Creates an entry.
    public init(tag: String, keyword: String, className: String, excludes: Bool) {
        self.tag = tag
        self.keyword = keyword
        self.className = className
        self.excludes = excludes
    }
}

/// One lexicon entry matched in a tag or description: the evidence for a score.
public struct PolarityMatch: Sendable, Hashable, Codable {
    /// The tag (as the catalogue wrote it) or `description`.
    public var source: String
    /// The lexicon term that matched.
    public var term: String
    /// The term's line in the lexicon file.
    public var line: Int
    /// The entry's score as the lexicon gives it (on [-1, 1]).
    public var entryScore: Double
    /// The score used: centred when asked, sign flipped under negation.
    public var score: Double
    /// Whether a negation flipped it.
    public var negated: Bool
    /// Whether it counts towards the mean (false inside the neutral band).
    public var counts: Bool

    /// Creates an entry.
    public init(source: String, term: String, line: Int, entryScore: Double, score: Double, negated: Bool, counts: Bool)
    {
        self.source = source
        self.term = term
        self.line = line
        self.entryScore = entryScore
        self.score = score
        self.negated = negated
        self.counts = counts
    }
}
