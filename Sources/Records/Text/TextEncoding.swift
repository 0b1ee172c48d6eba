import Foundation

/// The character encoding of a text catalogue.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// Detect: a byte-order mark decides; otherwise valid UTF-8 is UTF-8 and anything else is CP932.
    case auto
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// Windows code page 932, Microsoft's Shift_JIS: what Excel writes for Japanese CSV.
    case cp932
    /// UTF-16 with a byte-order mark: what Excel writes for "Unicode text".
    case utf16 = "utf-16"

    /// Parses a user's spelling of an encoding name (`UTF8`, `shift_jis`, `windows-31j`, …).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "auto": self = .auto
        case "utf-8", "utf8", "utf-8-sig": self = .utf8
        case "cp932", "ms932", "windows-31j", "shift-jis", "sjis", "shiftjis": self = .cp932
        case "utf-16", "utf16", "unicode": self = .utf16
        default: return nil
        }
    }

    /// The name glibc's iconv knows the encoding by, for encodings that need transcoding.
    public var iconvName: String? {
        switch self {
        case .cp932: "CP932"
        case .utf16: "UTF-16"
        case .auto, .utf8: nil
        }
    }
}
