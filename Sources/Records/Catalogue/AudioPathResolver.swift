import Foundation

/// Turns the audio location a catalogue gives (relative path, absolute path or `file://` URL)
/// into an absolute, lexically normalised path.
///
/// Resolution is purely lexical: `URL(fileURLWithPath:)` asks the file system whether each path
/// is a folder, which cost a `stat` per track and a sixth of the import time (make bench-import).
public struct AudioPathResolver: Sendable, Equatable {
    /// The folder relative paths are resolved against.
    public let root: String

    /// Creates a resolver; relative paths resolve against `root` (made absolute here).
    public init(root: String) {
        let absolute = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        self.root = Self.normalised(absolute)
    }

    /// The absolute path for `location`, or `nil` for an empty location.
    public func resolve(_ location: String) -> String? {
        let trimmed = location.trimmingWhitespaceScalars()
        if trimmed.isEmpty { return nil }
        if trimmed.utf8.count > 5, trimmed.prefix(5).lowercased() == "file:" {
            guard let url = URL(string: trimmed), url.isFileURL else { return trimmed }
            return Self.normalised(url.path)
        }
        if trimmed.hasPrefix("/") { return Self.normalised(trimmed) }
        if Self.isPlainRelative(trimmed) { return root == "/" ? "/" + trimmed : root + "/" + trimmed }
        return Self.normalised(root + "/" + trimmed)
    }

    /// Whether `path` is relative with no empty, `.` or `..` component, so that joining it to the
    /// (normalised) root needs no normalising: most catalogue paths are (`audio/a.wav`).
    static func isPlainRelative(_ path: String) -> Bool {
        var length = 0
        var onlyDots = true
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (onlyDots && length <= 2) { return false }
                length = 0
                onlyDots = true
            } else {
                length += 1
                onlyDots = onlyDots && byte == UInt8(ascii: ".")
            }
        }
        return length > 0 && !(onlyDots && length <= 2)
    }

    /// `path` relative to the folder `base` (both absolute): `../audio/a.wav`.
    public static func relative(_ path: String, from base: String) -> String {
        let target = normalised(path).split(separator: "/"), origin = normalised(base).split(separator: "/")
        var common = 0
        while common < min(target.count, origin.count) && target[common] == origin[common] { common += 1 }
        let parts = Array(repeating: "..", count: origin.count - common) + target[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// `path` with empty and `.` components removed and `..` resolved against the component before it.
    public static func normalised(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
