import Foundation

/// The lexicons and keyword maps Tagmine ships in its `Lexicons/` folder.
public enum BuiltinLexicons {
    /// The files of the built-in polarity lexicon.
    public static let polarityFiles = ["music-polarity-en.csv", "music-polarity-ja.csv"]

    /// The `Lexicons/` folder: `$TAGMINE_LEXICONS`, else next to the executable (`Lexicons/`,
    /// `../share/tagmine/Lexicons/`), else the nearest folder above the executable that has one.
    public static func directory(environment: [String: String]? = nil, executable: String? = nil)
        throws(TextMiningError) -> String
    {
        let folder = ResourceFolder(name: "Lexicons", environmentVariable: "TAGMINE_LEXICONS", marker: polarityFiles[0])
        guard let path = folder.locate(environment: environment, executable: executable) else {
            throw TextMiningError(
                .fileNotFound, "the built-in lexicons were not found",
                hint: "Set TAGMINE_LEXICONS to the Lexicons folder of the Tagmine checkout, or pass --lexicon PATH")
        }
        return path
    }

    /// The built-in polarity lexicon: our English and Japanese music-domain files together.
    public static func polarity() throws(TextMiningError) -> PolarityLexicon {
        let folder = try directory()
        var entries: [PolarityLexicon.Entry] = []
        for file in polarityFiles {
            entries += try PolarityLexicon.load(path: "\(folder)/\(file)", format: .generic).entries
        }
        return PolarityLexicon(name: "builtin", entries: entries)
    }
}

extension KeywordMap {
    /// The map at `pathOrName`: a TOML file, or the name of a map shipped in `Lexicons/`
    /// (`genre`, `genre-seed`, `instrument-seed`).
    public static func named(_ pathOrName: String) throws(TextMiningError) -> KeywordMap {
        if pathOrName.contains("/") || pathOrName.hasSuffix(".toml") { return try load(path: pathOrName) }
        return try load(path: "\(try BuiltinLexicons.directory())/\(pathOrName).toml", name: "builtin:\(pathOrName)")
    }
}
