public import Foundation

/// Feature values as bytes: little-endian float32, row-major, the layout of the store's feature
/// rows and of `.npy` data.
public enum FeatureBlob {
    /// The values as little-endian float32 bytes.
    public static func littleEndianBytes(_ values: [Float]) -> Data {
        #if _endian(little)
            return values.withUnsafeBytes { Data($0) }
        #else
            return Data(values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        #endif
    }

    /// The values of little-endian float32 bytes (a trailing partial value is ignored).
    public static func floats(littleEndian data: Data) -> [Float] {
        data.withUnsafeBytes { bytes in
            (0..<(bytes.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    /// Track ids and other integers as little-endian int64 bytes.
    public static func littleEndianBytes(_ values: [Int64]) -> Data {
        Data(values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
    }

    /// The values of little-endian int64 bytes (a trailing partial value is ignored).
    public static func int64s(littleEndian data: Data) -> [Int64] {
        data.withUnsafeBytes { bytes in
            (0..<(bytes.count / 8)).map {
                Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))
            }
        }
    }
}
