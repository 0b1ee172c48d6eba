public import TextMining

extension CatalogError {
    /// The catalogue error for a file that could not be opened or decoded.
    public init(_ error: TextMiningError) {
        let code: Code =
            switch error.code {
            case .fileNotFound: .fileNotFound
            case .invalidEncoding: .invalidEncoding
            default: .unreadable
            }
        self.init(code, file: error.file ?? "", line: error.line, error.message, hint: error.hint)
    }

    /// The error for a record whose tags exceed `limit`.
    static func tooManyTags(file: String, line: Int, column: Int?, limit: Int) -> CatalogError {
        CatalogError(
            .tooManyTags, file: file, line: line, column: column, "the track has more than \(limit) tags",
            hint: "Check the delimiters of the tag field, or raise the limit with --max-tags")
    }
}
