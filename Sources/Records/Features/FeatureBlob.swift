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
            #if _endian(little)
                [Float](unsafeUninitializedCapacity: bytes.count / 4) { values, count in
                    count = values.count
                    UnsafeMutableRawBufferPointer(values).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: bytes[..<(count * 4)]))
                }
            #else
                (0..<(bytes.count / 4)).map {
                    Float(
                        bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                }
            #endif
        }
    }

    /// Track ids and other integers as little-endian int64 bytes.
    public static func littleEndianBytes(_ values: [Int64]) -> Data {
        #if _endian(little)
            return values.withUnsafeBytes { Data($0) }
        #else
            return Data(values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
        #endif
    }

    /// The values of little-endian int64 bytes (a trailing partial value is ignored).
    public static func int64s(littleEndian data: Data) -> [Int64] {
        data.withUnsafeBytes { bytes in
            (0..<(bytes.count / 8)).map {
                Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))
            }
        }
    }

    /// A feature matrix as the store keeps it: spectrograms (more than one row) as little-endian
    /// float16, half the bytes (steps of 1/64 dB at most between 32 and 64 dB from zero, 1/32 dB
    /// up to 128 dB), clip vectors as float32.
    public static func storageBytes(_ matrix: FeatureMatrix) -> Data {
        guard matrix.rows > 1 else { return littleEndianBytes(matrix.values) }
        var data = Data(count: 2 * matrix.values.count)
        data.withUnsafeMutableBytes { bytes in
            for (index, value) in matrix.values.enumerated() {
                bytes.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: 2 * index, as: UInt16.self)
            }
        }
        return data
    }

    /// The `rows × columns` values of a stored matrix, float32 or float16 bytes told apart by their
    /// length; values a damaged blob lacks are NaN, which training refuses by name.
    public static func storedValues(_ data: Data, rows: Int, columns: Int) -> [Float] {
        let count = rows * columns
        var values: [Float]
        if data.count == 2 * count && count > 0 {
            values = data.withUnsafeBytes { bytes in
                (0..<count).map {
                    Float(
                        Float16(
                            bitPattern: UInt16(
                                littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))))
                }
            }
        } else {
            values = floats(littleEndian: data)
        }
        if values.count > count { values.removeLast(values.count - count) }
        if values.count < count { values += repeatElement(.nan, count: count - values.count) }
        return values
    }
}
