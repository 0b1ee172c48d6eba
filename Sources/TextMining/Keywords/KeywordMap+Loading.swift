import Foundation
import TOMLKit

extension KeywordMap {
    /// Reads a keyword map from a TOML file, checking it: known policy, at least one class, no
    /// class or keyword twice, priorities that name classes.
    public static func load(path: String, tokenizer: TagTokenizer = TagTokenizer(), name: String? = nil)
        throws(TextMiningError) -> KeywordMap
    {
        let text: String
        do {
            text = try TextFile.readTOML(path: path)
        } catch  where error.code == .invalidEncoding {
            throw TextMiningError(.invalidEncoding, file: path, "a keyword map must be UTF-8 (TOML)")
        }
        let file: MapFile
        do {
            file = try TOMLDecoder().decode(MapFile.self, from: text)
        } catch let error as TOMLParseError {
            throw TextMiningError(.invalidMap, file: path, line: error.source.begin.line, error.description)
        } catch let error as DecodingError {
            throw TextMiningError(
                .invalidMap, file: path, Self.describe(error), hint: "See Lexicons/README.md for the format")
        } catch {
            throw TextMiningError(.invalidMap, file: path, "\(error)")
        }
        return try build(file, name: name ?? path, path: path, tokenizer: tokenizer)
    }

    private static func build(_ file: MapFile, name: String, path: String, tokenizer: TagTokenizer)
        throws(TextMiningError) -> KeywordMap
    {
        func invalid(_ message: String) -> TextMiningError { TextMiningError(.invalidMap, file: path, message) }
        guard let policy = Policy(rawValue: file.policy ?? "single") else {
            throw invalid("policy '\(file.policy ?? "")' is not single or multi")
        }
        guard !file.task.trimmingWhitespaceScalars().isEmpty else { throw invalid("task is empty") }
        guard !file.class.isEmpty else { throw invalid("no [[class]] tables") }
        var classes: [String] = []
        var rules: [(Rule, key: String)] = []
        var owner: [String: (className: String, text: String)] = [:]
        for entry in file.class {
            guard !entry.name.isEmpty, !classes.contains(entry.name) else {
                throw invalid("class '\(entry.name)' is empty or defined twice")
            }
            guard !entry.keywords.isEmpty else { throw invalid("class '\(entry.name)' has no keywords") }
            classes.append(entry.name)
            for (texts, excludes) in [(entry.keywords, false), (entry.exclude ?? [], true)] {
                for text in texts {
                    let key = PhraseMatching.joinedKey(
                        try tokenizer.tokens(in: TextNormalizer.normalize(text)).map(\.base))
                    guard !key.isEmpty else { throw invalid("class '\(entry.name)': keyword '\(text)' has no words") }
                    if let earlier = owner[key] {
                        // Synonyms that fold together within one class (pop, pops) are harmless.
                        if earlier.className == entry.name { continue }
                        throw invalid(
                            "'\(text)' (class \(entry.name)) and '\(earlier.text)' (class \(earlier.className)) are the same keyword"
                        )
                    }
                    owner[key] = (entry.name, text)
                    rules.append((Rule(text: text, className: entry.name, excludes: excludes), key))
                }
            }
        }
        let priority = file.priority ?? []
        if let unknown = priority.first(where: { !classes.contains($0) }) {
            throw invalid("priority names '\(unknown)', which is not a class")
        }
        if let facet = file.facet, facet.trimmingWhitespaceScalars().isEmpty { throw invalid("facet is empty") }
        return KeywordMap(
            name: name, task: file.task, policy: policy, classes: classes, priority: priority, rules: rules,
            facet: file.facet.map { TextNormalizer.normalize($0) },
            facets: TagFacets(separators: file.facetSeparators ?? TagFacets.defaultSeparators))
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            "missing '\(key.stringValue)'\(where: context)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(context.debugDescription)\(where: context)"
        @unknown default:
            "\(error)"
        }
    }
}

extension String.StringInterpolation {
    fileprivate mutating func appendInterpolation(where context: DecodingError.Context) {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        if !path.isEmpty { appendLiteral(" at \(path)") }
    }
}

/// The TOML layout of a keyword map file.
private struct MapFile: Decodable {
    struct Class: Decodable {
        var name: String
        var keywords: [String]
        var exclude: [String]?
    }

    var task: String
    var policy: String?
    var priority: [String]?
    var facet: String?
    var facetSeparators: [String]?
    var `class`: [Class]

    enum CodingKeys: String, CodingKey {
        case task, policy, priority, facet, `class`
        case facetSeparators = "facet-separators"
    }
}
