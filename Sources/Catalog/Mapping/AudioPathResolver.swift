import Foundation

/// Turns the audio location a catalogue gives (relative path, absolute path or `file://` URL)
/// into an absolute path.
public struct AudioPathResolver: Sendable, Equatable {
    /// The folder relative paths are resolved against.
    public let root: String

    /// Creates a resolver; relative paths resolve against `root` (made absolute here).
    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    /// The absolute path for `location`, or `nil` for an empty location.
    public func resolve(_ location: String) -> String? {
        let trimmed = location.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        if trimmed.lowercased().hasPrefix("file:"), let url = URL(string: trimmed), url.isFileURL {
            return url.standardizedFileURL.path
        }
        if trimmed.hasPrefix("/") { return URL(fileURLWithPath: trimmed).standardizedFileURL.path }
        return URL(fileURLWithPath: root).appendingPathComponent(trimmed).standardizedFileURL.path
    }
}
