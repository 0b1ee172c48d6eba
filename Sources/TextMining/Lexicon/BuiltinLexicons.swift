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
        let environment = environment ?? ProcessInfo.processInfo.environment
        let executable = executable ?? CommandLine.arguments.first ?? ""
        if let given = environment["TAGMINE_LEXICONS"], !given.isEmpty { return given }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = folder.appendingPathComponent("../share/tagmine/Lexicons").standardizedFileURL
        if isLexiconFolder(installed) { return installed.path }
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("Lexicons")
            if isLexiconFolder(candidate) { return candidate.path }
            folder.deleteLastPathComponent()
        }
        throw TextMiningError(
            .fileNotFound, "the built-in lexicons were not found",
            hint: "Set TAGMINE_LEXICONS to the Lexicons folder of the Tagmine checkout, or pass --lexicon PATH")
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

    private static func isLexiconFolder(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(polarityFiles[0]).path)
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
