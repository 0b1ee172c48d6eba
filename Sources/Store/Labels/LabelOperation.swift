public import Records

/// How a label version was made, as the store records it with the version (`LabelSet.operation`
/// holds it as JSON): `{"op": "label-keywords", "map": …, "task": …, "policy": …}`,
/// `{"op": "label-emotion", "lexicon": …, "options": {…}, "selection": {…}, "unscoredAsZero": …}`,
/// `{"op": "import-labels", "task": …, "source": …}`, `{"op": "relabel", "operations": […], "summary": …, "note"?: …}`.
public enum LabelOperation: Sendable, Equatable, Codable {
    /// A keyword map applied to the tags.
    case keywords(map: String, task: String, policy: String)
    /// A polarity lexicon's scores cut into positive and negative.
    case emotion(lexicon: String, options: PolarityOptions, selection: EmotionSelection, unscoredAsZero: Bool)
    /// Labels the catalogue already had: an attribute or a label file.
    case importLabels(task: String, source: String)
    /// Operations on the parent version.
    case relabel(operations: [RelabelOperation], summary: String, note: String?)

    /// The operation in a few words, as lists and lineages show it: `relabel: drop pops`,
    /// `label-keywords (builtin:genre)`.
    public var summary: String {
        switch self {
        case .keywords(let map, _, _): "label-keywords (\(map))"
        case .emotion(let lexicon, _, _, _): "label-emotion (\(lexicon))"
        case .importLabels(_, let source): "import-labels (\(source))"
        case .relabel(_, let summary, _): "relabel: \(summary)"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case op, map, task, policy, lexicon, options, selection, unscoredAsZero, source, operations, summary, note
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .op) {
        case "label-keywords":
            self = .keywords(
                map: try container.decode(String.self, forKey: .map),
                task: try container.decode(String.self, forKey: .task),
                policy: try container.decode(String.self, forKey: .policy))
        case "label-emotion":
            self = .emotion(
                lexicon: try container.decode(String.self, forKey: .lexicon),
                options: try container.decode(PolarityOptions.self, forKey: .options),
                selection: try container.decode(EmotionSelection.self, forKey: .selection),
                unscoredAsZero: try container.decode(Bool.self, forKey: .unscoredAsZero))
        case "import-labels":
            self = .importLabels(
                task: try container.decode(String.self, forKey: .task),
                source: try container.decode(String.self, forKey: .source))
        case "relabel":
            self = .relabel(
                operations: try container.decode([RelabelOperation].self, forKey: .operations),
                summary: try container.decode(String.self, forKey: .summary),
                note: try container.decodeIfPresent(String.self, forKey: .note))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .op, in: container, debugDescription: "a label set records an unknown operation '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .keywords(let map, let task, let policy):
            try container.encode("label-keywords", forKey: .op)
            try container.encode(map, forKey: .map)
            try container.encode(task, forKey: .task)
            try container.encode(policy, forKey: .policy)
        case .emotion(let lexicon, let options, let selection, let unscoredAsZero):
            try container.encode("label-emotion", forKey: .op)
            try container.encode(lexicon, forKey: .lexicon)
            try container.encode(options, forKey: .options)
            try container.encode(selection, forKey: .selection)
            try container.encode(unscoredAsZero, forKey: .unscoredAsZero)
        case .importLabels(let task, let source):
            try container.encode("import-labels", forKey: .op)
            try container.encode(task, forKey: .task)
            try container.encode(source, forKey: .source)
        case .relabel(let operations, let summary, let note):
            try container.encode("relabel", forKey: .op)
            try container.encode(operations, forKey: .operations)
            try container.encode(summary, forKey: .summary)
            try container.encodeIfPresent(note, forKey: .note)
        }
    }
}
