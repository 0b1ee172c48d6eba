/// A lexicon, keyword map or tokenizer that cannot be used, with where and how to fix it.
public struct TextMiningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        case fileNotFound, unreadable, invalidEncoding, malformedEntry, emptyLexicon, invalidMap
        case tokenizerUnavailable, invalidSelection
    }

    /// The machine-matchable kind of problem.
    public var code: Code
    /// The file the problem is in, when there is one.
    public var file: String?
    /// The 1-based line, when known.
    public var line: Int?
    /// What went wrong.
    public var message: String
    /// How to fix it.
    public var hint: String?

    /// Creates an error.
    public init(_ code: Code, file: String? = nil, line: Int? = nil, _ message: String, hint: String? = nil) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = ""
        if let file { text += line.map { "\(file):\($0): " } ?? "\(file): " }
        text += message
        if let hint { text += ". \(hint)" }
        return text
    }
}
