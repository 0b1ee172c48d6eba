/// How a split was made: the kind of split, what it kept together, and its seed.
///
/// Stored as one JSON object of strings, `{"method": "folds", "folds": "5", "groupBy": "artist",
/// "seed": "42"}`, the record every version of the store has written.
public struct SplitMethod: Sendable, Hashable, Codable {
    /// The kind of split.
    public enum Kind: Sendable, Hashable {
        /// train / validation / test with these shares for test and validation (validation may be 0).
        case holdout(test: Double, validation: Double)
        /// `k` folds for cross-validation.
        case folds(Int)
        /// The parts a track attribute already gives (a dataset's official folds).
        case attribute(String)
    }

    public var kind: Kind
    /// What was never divided across parts.
    public var groupBy: SplitGrouping?
    public var seed: UInt64

    /// Describes a split.
    public init(_ kind: Kind, groupBy: SplitGrouping? = nil, seed: UInt64 = 0) {
        self.kind = kind
        self.groupBy = groupBy
        self.seed = seed
    }

    private enum CodingKeys: String, CodingKey {
        case method, test, validation, folds, attribute, groupBy, seed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func number<Value: LosslessStringConvertible>(_ key: CodingKeys, as: Value.Type) throws -> Value {
            let text = try container.decode(String.self, forKey: key)
            guard let value = Value(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "'\(text)' is not a number")
            }
            return value
        }
        switch try container.decode(String.self, forKey: .method) {
        case "holdout":
            kind = .holdout(
                test: try number(.test, as: Double.self), validation: try number(.validation, as: Double.self))
        case "folds": kind = .folds(try number(.folds, as: Int.self))
        case "attribute": kind = .attribute(try container.decode(String.self, forKey: .attribute))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .method, in: container, debugDescription: "unknown split method '\(other)'")
        }
        groupBy = try container.decodeIfPresent(SplitGrouping.self, forKey: .groupBy)
        seed = try number(.seed, as: UInt64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch kind {
        case .holdout(let test, let validation):
            try container.encode("holdout", forKey: .method)
            try container.encode("\(test)", forKey: .test)
            try container.encode("\(validation)", forKey: .validation)
        case .folds(let k):
            try container.encode("folds", forKey: .method)
            try container.encode("\(k)", forKey: .folds)
        case .attribute(let column):
            try container.encode("attribute", forKey: .method)
            try container.encode(column, forKey: .attribute)
        }
        try container.encodeIfPresent(groupBy, forKey: .groupBy)
        try container.encode("\(seed)", forKey: .seed)
    }
}
