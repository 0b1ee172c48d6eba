/// A change a suggestion proposes to a label version, in the JSON shape the store records
/// relabel operations in and the API takes them (`{"op": "drop", "class": "pops"}`), so that a
/// client can post a suggestion's operations as they are.
public enum SuggestedOperation: Sendable, Equatable, Codable {
    /// Drop a class.
    case drop(String)
    /// Merge classes into one of them.
    case merge([String], into: String)
    /// Give a track exactly these classes.
    case set(track: String, classes: [String], note: String?)

    /// The operation as `tagmine relabel` options: `--drop pops`, `--merge 'a,b=a'`, `--set T1=rock`.
    public var commandArguments: String {
        switch self {
        case .drop(let name): "--drop \(RunAnalysis.quoted(name))"
        case .merge(let sources, let target):
            "--merge " + RunAnalysis.quoted("\(sources.joined(separator: ","))=\(target)")
        case .set(let track, let classes, _):
            "--set " + RunAnalysis.quoted("\(track)=\(classes.joined(separator: "+"))")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case op, `class`, sources, into, track, classes, note
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .op) {
        case "drop": self = .drop(try container.decode(String.self, forKey: .class))
        case "merge":
            self = .merge(
                try container.decode([String].self, forKey: .sources),
                into: try container.decode(String.self, forKey: .into))
        case "set":
            self = .set(
                track: try container.decode(String.self, forKey: .track),
                classes: try container.decode([String].self, forKey: .classes),
                note: try container.decodeIfPresent(String.self, forKey: .note))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .op, in: container, debugDescription: "a suggestion has no operation '\(other)'")
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
        case .set(let track, let classes, let note):
            try container.encode("set", forKey: .op)
            try container.encode(track, forKey: .track)
            try container.encode(classes, forKey: .classes)
            try container.encodeIfPresent(note, forKey: .note)
        }
    }
}
