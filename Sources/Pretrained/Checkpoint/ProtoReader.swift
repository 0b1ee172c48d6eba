/// Just enough of the protocol-buffer wire format to read the two small messages of a tensor
/// bundle's index (a header and one entry per tensor).
struct ProtoReader {
    /// One field: its number and either a varint / fixed value or a length-delimited payload.
    enum Value {
        case integer(UInt64)
        case bytes(ArraySlice<UInt8>)
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// The next field, `nil` at the end; throws on a truncated or unknown wire type.
    mutating func next() throws(ProtoError) -> (field: Int, value: Value)? {
        guard position < bytes.endIndex else { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        switch key & 7 {
        case 0: return (field, .integer(try varint()))
        case 1: return (field, .integer(try fixed(8)))
        case 5: return (field, .integer(try fixed(4)))
        case 2:
            let length = try Self.int(bytes, at: &position)
            guard bytes.endIndex - position >= length else { throw ProtoError() }
            defer { position += length }
            return (field, .bytes(bytes[position..<(position + length)]))
        default: throw ProtoError()
        }
    }

    mutating func varint() throws(ProtoError) -> UInt64 {
        try Self.varint(bytes, at: &position)
    }

    /// The varint at `position` as an `Int`; throws when it does not fit.
    static func int(_ bytes: ArraySlice<UInt8>, at position: inout Int) throws(ProtoError) -> Int {
        guard let value = Int(exactly: try varint(bytes, at: &position)) else { throw ProtoError() }
        return value
    }

    /// The varint at `position` in `bytes` (the LevelDB table format uses them too), moving past it.
    static func varint(_ bytes: ArraySlice<UInt8>, at position: inout Int) throws(ProtoError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.endIndex, shift < 64 {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw ProtoError()
    }

    private mutating func fixed(_ count: Int) throws(ProtoError) -> UInt64 {
        guard bytes.endIndex - position >= count else { throw ProtoError() }
        var result: UInt64 = 0
        for index in 0..<count { result |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += count
        return result
    }
}

/// Truncated or malformed wire data.
struct ProtoError: Error {}
