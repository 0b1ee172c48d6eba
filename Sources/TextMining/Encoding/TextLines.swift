/// The lines of a text file in any ``TextEncoding``, with their 1-based numbers, without line ends.
public struct TextLines: Sequence, IteratorProtocol {
    private let file: TextFile
    private var buffer: [UInt8] = []
    private var position = 0
    private var number = 0
    /// The first error met while reading, after which iteration stops.
    public private(set) var error: TextMiningError?

    /// Opens `path`.
    public init(path: String, encoding: TextEncoding = .auto) throws(TextMiningError) {
        file = try TextFile(path: path, encoding: encoding)
    }

    /// The encoding in force.
    public var encoding: TextEncoding { file.encoding }

    public mutating func next() -> (number: Int, text: String)? {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[position..<end], as: UTF8.self)
                position = newline + 1
                number += 1
                return (number, line)
            }
            if file.atEnd || error != nil {
                guard position < buffer.count else { return nil }
                let line = String(decoding: buffer[position...], as: UTF8.self)
                position = buffer.count
                number += 1
                return (number, line.hasSuffix("\r") ? String(line.dropLast()) : line)
            }
            buffer.removeSubrange(..<position)
            position = 0
            do { try file.readChunk(into: &buffer) } catch { self.error = error }
        }
    }
}
