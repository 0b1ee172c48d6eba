/// One change `tagmine relabel` makes to a label set. A relabel applies its operations in order to
/// the parent's labels and writes the result as one new version.
public enum RelabelOperation: Sendable, Hashable {
    /// The class's tracks become unlabeled and the class leaves the class list.
    case drop(String)
    /// Every source class becomes `into` (a new name or an existing class).
    case merge([String], into: String)
    /// A class gets a new name that no class has yet.
    case rename(String, to: String)
    /// An emotion set cut again over its stored scores; manual corrections are kept.
    case rethreshold(EmotionSelection)
    /// A track's labels become exactly `classes` (a manual correction).
    case set(track: String, classes: [String], note: String?)
    /// A track loses its labels (a manual correction).
    case unset(track: String, note: String?)

    /// A short description for lists and lineages: `drop pops`, `merge rock,metal=rock`.
    public var summary: String {
        switch self {
        case .drop(let name): "drop \(name)"
        case .merge(let sources, let target): "merge \(sources.joined(separator: ","))=\(target)"
        case .rename(let from, let to): "rename \(from)=\(to)"
        case .rethreshold(let selection): "rethreshold \(selection.summary)"
        case .set(let track, let classes, _): "set \(track)=\(classes.joined(separator: "+"))"
        case .unset(let track, _): "unset \(track)"
        }
    }
}

/// An operation in JSON, as the store records it and the API and suggestions carry it:
/// `{"op": "drop", "class": "pops"}`, `{"op": "merge", "sources": ["rock", "metal"], "into": "rock"}`,
/// `{"op": "rename", "from": "pops", "to": "pop"}`, `{"op": "set", "track": "T1", "classes": ["rock"]}`,
/// `{"op": "unset", "track": "T1"}`, `{"op": "rethreshold", "low": -0.5, "high": 0.5}` (or a
/// `selection` as recorded), each with an optional `note` where it applies to a track.
extension RelabelOperation: Codable {
    private enum CodingKeys: String, CodingKey {
        case op, `class`, sources, into, from, to, selection, track, classes, note, low, high
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let op = try container.decode(String.self, forKey: .op)
        func field<T: Decodable>(_ key: CodingKeys, _ type: T.Type = T.self) throws -> T {
            guard let value = try container.decodeIfPresent(T.self, forKey: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "operation '\(op)' needs '\(key.stringValue)'")
            }
            return value
        }
        let note = try container.decodeIfPresent(String.self, forKey: .note)
        switch op {
        case "drop": self = .drop(try field(.class))
        case "merge": self = .merge(try field(.sources), into: try field(.into))
        case "rename": self = .rename(try field(.from), to: try field(.to))
        case "set": self = .set(track: try field(.track), classes: try field(.classes), note: note)
        case "unset": self = .unset(track: try field(.track), note: note)
        case "rethreshold":
            if let selection = try container.decodeIfPresent(EmotionSelection.self, forKey: .selection) {
                self = .rethreshold(selection)
            } else {
                self = .rethreshold(.threshold(low: try field(.low), high: try field(.high)))
            }
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .op, in: container,
                debugDescription: "unknown operation '\(op)': use drop, merge, rename, set, unset or rethreshold")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .drop(let name):
            try container.encode("drop", forKey: .op)
            try container.encode(name, forKey: .class)
        case .merge(let sources, let target):
            try container.encode("merge", forKey: .op)
            try container.encode(sources, forKey: .sources)
            try container.encode(target, forKey: .into)
        case .rename(let from, let to):
            try container.encode("rename", forKey: .op)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        case .rethreshold(let selection):
            try container.encode("rethreshold", forKey: .op)
            try container.encode(selection, forKey: .selection)
        case .set(let track, let classes, let note):
            try container.encode("set", forKey: .op)
            try container.encode(track, forKey: .track)
            try container.encode(classes, forKey: .classes)
            try container.encodeIfPresent(note, forKey: .note)
        case .unset(let track, let note):
            try container.encode("unset", forKey: .op)
            try container.encode(track, forKey: .track)
            try container.encodeIfPresent(note, forKey: .note)
        }
    }
}
