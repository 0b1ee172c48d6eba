import Foundation

/// How audio files in a folder are named after their tracks: `{id}.{ext}` (the default: a file's
/// stem is its track id), `{artist}/{album}/{id}.mp3`, `{title} - {artist}.{ext}`.
///
/// A placeholder stands for one track field and matches any text without a `/`; `{ext}` matches an
/// audio file extension. Everything else must match literally.
///
/// ```swift
/// let pattern = try AudioFilePattern("{artist}/{id}.{ext}")
/// pattern.match("Ann/T1.flac")   // [.artist: "Ann", .id: "T1"]
/// ```
public struct AudioFilePattern: Sendable {
    /// A track field a pattern can name.
    public enum Field: String, Sendable, CaseIterable {
        case id, title, artist, album
    }

    /// The default: a file whose stem is the track id, with an audio extension.
    public static let byID = AudioFilePattern(validated: "{id}.{ext}")

    /// Extensions `{ext}` matches (compared in lower case): what libsndfile and ffmpeg decode.
    public static let audioExtensions: Set<String> = [
        "wav", "wave", "flac", "mp3", "ogg", "oga", "opus", "aif", "aiff", "aifc", "m4a", "aac", "wma", "mp4", "webm",
        "caf", "w64",
    ]

    /// The pattern as written.
    public let text: String
    /// The fields it names, in order.
    public let fields: [Field]
    /// Whether it names folders (`/`): files are then looked for below the top folder.
    public var descends: Bool { text.contains("/") }
    private let expression: NSRegularExpression
    /// What each capture group holds: a field, or the extension (`nil`).
    private let groups: [Field?]

    /// Parses `text`; an unknown placeholder, an absolute path or `..` is an error.
    public init(_ text: String) throws(CatalogError) {
        guard !text.hasPrefix("/"), !text.split(separator: "/").contains(".."), !text.isEmpty else {
            throw Self.invalid(text, "it must be a relative path inside the folder")
        }
        var fields: [Field] = []
        var groups: [Field?] = []
        var regex = "^"
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            regex += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            guard let close = rest[open...].firstIndex(of: "}") else { throw Self.invalid(text, "a '{' is not closed") }
            let name = String(rest[rest.index(after: open)..<close])
            if name == "ext" {
                groups.append(nil)
                regex += "([^/.]+)"
            } else if let field = Field(rawValue: name) {
                guard !fields.contains(field) else { throw Self.invalid(text, "{\(name)} appears twice") }
                fields.append(field)
                groups.append(field)
                regex += "([^/]+)"
            } else {
                throw Self.invalid(text, "{\(name)} is not a field")
            }
            rest = rest[rest.index(after: close)...]
        }
        regex += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard !fields.isEmpty else { throw Self.invalid(text, "it names no track field") }
        do {
            expression = try NSRegularExpression(pattern: regex)
        } catch {
            throw Self.invalid(text, "it cannot be matched")
        }
        self.text = text
        self.fields = fields
        self.groups = groups
    }

    private init(validated text: String) {
        // The default is a literal the initialiser accepts.
        self = try! AudioFilePattern(text)
    }

    /// The track fields `relativePath` (inside the folder, `/`-separated) gives, or `nil` when the
    /// file does not fit the pattern.
    public func match(_ relativePath: String) -> [Field: String]? {
        let range = NSRange(relativePath.startIndex..., in: relativePath)
        guard let found = expression.firstMatch(in: relativePath, range: range) else { return nil }
        var values: [Field: String] = [:]
        for (index, field) in groups.enumerated() {
            guard let captured = Range(found.range(at: index + 1), in: relativePath) else { return nil }
            let value = String(relativePath[captured])
            if let field {
                values[field] = value
            } else if !Self.audioExtensions.contains(value.lowercased()) {
                return nil
            }
        }
        return values
    }

    private static func invalid(_ text: String, _ problem: String) -> CatalogError {
        CatalogError(
            .invalidMapping, file: "--pattern", "'\(text)': \(problem)",
            hint: "Name files with {id}, {title}, {artist}, {album} and {ext}, e.g. --pattern '{artist}/{id}.{ext}'")
    }
}
