import Glibc

/// A text file read in chunks and delivered as UTF-8 bytes, whatever its encoding: catalogues
/// and lexicons alike.
///
/// With ``TextEncoding/auto`` the first chunk decides: a UTF-8 or UTF-16 byte-order mark, then
/// valid UTF-8, and otherwise CP932. A UTF-8 byte-order mark is never part of the delivered text.
public final class TextFile {
    /// The path, as given, for error messages.
    public let path: String
    /// The encoding in force once detection has run.
    public private(set) var encoding: TextEncoding
    /// Whether the encoding was detected rather than given.
    public let detected: Bool
    /// Why detection may have chosen wrongly: a file read as CP932 although some of its lines are
    /// UTF-8 (one CP932 row pasted into a UTF-8 export), naming the line that decided.
    public private(set) var detectionWarning: String?
    private let descriptor: Int32
    private var transcoder: Transcoder?
    private var pending: [UInt8]?
    /// Whether the whole file has been delivered.
    public private(set) var atEnd = false
    private let chunkSize: Int

    /// Opens `path`, detecting the encoding from the first chunk when it is `.auto`.
    public init(path: String, encoding: TextEncoding, chunkSize: Int = 1 << 20) throws(TextMiningError) {
        self.path = path
        self.chunkSize = chunkSize
        self.detected = encoding == .auto
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw TextMiningError(errno == ENOENT ? .fileNotFound : .unreadable, file: path, "cannot open: \(reason)")
        }
        self.descriptor = descriptor
        self.encoding = encoding

        var first = try Self.read(descriptor, count: chunkSize, file: path)
        let hasUTF8BOM = first.starts(with: [0xEF, 0xBB, 0xBF])
        let hasUTF16BOM = first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF])
        if encoding == .auto {
            if hasUTF8BOM {
                self.encoding = .utf8
            } else if hasUTF16BOM {
                self.encoding = .utf16
            } else {
                self.encoding = Self.isUTF8(first) ? .utf8 : .cp932
                if self.encoding == .cp932 { detectionWarning = Self.mixedEncodingWarning(first) }
            }
        }
        if self.encoding == .utf8 && hasUTF8BOM { first.removeFirst(3) }
        if let name = self.encoding.iconvName {
            transcoder = try Transcoder(from: self.encoding, iconvName: name, file: path)
        }
        pending = first
    }

    deinit {
        close(descriptor)
    }

    /// Appends the next chunk of UTF-8 text to `buffer`; sets ``atEnd`` once the file is exhausted.
    public func readChunk(into buffer: inout [UInt8]) throws(TextMiningError) {
        let raw: [UInt8]
        if let pending {
            raw = pending
            self.pending = nil
        } else {
            raw = try Self.read(descriptor, count: chunkSize, file: path)
        }
        let final = raw.isEmpty
        if let transcoder {
            do {
                try transcoder.convert(raw[...], final: final, into: &buffer, file: path)
            } catch var error {
                // A UTF-8 file with one CP932 row fails here, at a UTF-8 line: say why it was read as CP932.
                if let detectionWarning { error.hint = "It was \(detectionWarning)" }
                throw error
            }
        } else {
            buffer.append(contentsOf: raw)
        }
        if final { atEnd = true }
    }

    /// The largest configuration file ``readUTF8(path:limit:)`` accepts by default: 16 MiB.
    public static let configurationLimit = 16 << 20

    /// The whole of a small UTF-8 file (a keyword map, a users file), without a byte-order mark.
    /// Refuses a file larger than `limit` bytes or one that is not valid UTF-8.
    public static func readUTF8(path: String, limit: Int = configurationLimit) throws(TextMiningError) -> String {
        let file = try TextFile(path: path, encoding: .utf8, chunkSize: limit + 1)
        var bytes: [UInt8] = []
        try file.readChunk(into: &bytes)
        guard bytes.count <= limit else {
            throw TextMiningError(
                .unreadable, file: path, "larger than \(limit >> 20) MiB; this is not a configuration file")
        }
        guard let text = bytes.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
            throw TextMiningError(.invalidEncoding, file: path, "not valid UTF-8")
        }
        return text
    }

    private static func read(_ descriptor: Int32, count: Int, file: String) throws(TextMiningError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TextMiningError(.unreadable, file: file, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeLast(count - filled)
        return bytes
    }

    /// For a chunk that is not valid UTF-8: a warning when other lines of it are non-ASCII UTF-8,
    /// naming the first line that is not and one that is.
    static func mixedEncodingWarning(_ bytes: [UInt8]) -> String? {
        var invalidLine: Int?, utf8Line: Int?
        var line = 1, start = 0
        while start < bytes.count && (invalidLine == nil || utf8Line == nil) {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let text = bytes[start..<end]
            if text.contains(where: { $0 >= 0x80 }) {
                // The chunk's last line may end mid-character; judge only whole lines.
                if end < bytes.count || start == 0 {
                    if text.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) == nil {
                        invalidLine = invalidLine ?? line
                    } else {
                        utf8Line = utf8Line ?? line
                    }
                }
            }
            line += 1
            start = end + 1
        }
        guard let invalidLine, let utf8Line else { return nil }
        return "read as CP932 because line \(invalidLine) is not UTF-8, although line \(utf8Line) is; "
            + "if the file is UTF-8, fix line \(invalidLine), or pass --encoding utf-8 or cp932 to decide"
    }

    /// Whether `bytes` is valid UTF-8, allowing a sequence cut off by the end of the chunk.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        // Step back over at most three continuation bytes to the last lead byte, and drop that
        // sequence if it is incomplete.
        var index = end - 1
        while index >= 0 && index >= end - 4 && bytes[index] & 0xC0 == 0x80 { index -= 1 }
        if index >= 0 && bytes[index] >= 0xC0 {
            let length = bytes[index] >= 0xF0 ? 4 : bytes[index] >= 0xE0 ? 3 : 2
            if end - index < length { end = index }
        }
        return bytes[..<end].withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
    }
}
