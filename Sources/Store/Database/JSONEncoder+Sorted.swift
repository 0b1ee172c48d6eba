public import Foundation

extension JSONEncoder {
    /// An encoder with sorted keys, so the same value always encodes to the same bytes: how the
    /// store writes JSON, and what the hashes of operations and options are taken over.
    public static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    /// `value` encoded as a JSON string.
    public func string(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

extension Sequence<UInt8> {
    /// The bytes as lowercase hex: how the store writes digests.
    public var hexString: String {
        map { String(format: "%02x", $0) }.joined()
    }
}
