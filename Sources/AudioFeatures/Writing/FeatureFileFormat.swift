public import Foundation

/// File formats for features written outside the store (`tagmine features dump`).
public enum FeatureFileFormat: String, Sendable, CaseIterable {
    /// numpy's `.npy` (format 1.0, little-endian float32, C order): `np.load` gives librosa's shape.
    case npy
    /// Comma-separated values, one matrix row per line, 7 significant digits.
    case csv

    /// The file name extension.
    public var fileExtension: String { rawValue }

    /// The bytes of `matrix` in this format.
    public func encode(_ matrix: FeatureMatrix) -> Data {
        switch self {
        case .npy: return Self.npy(matrix)
        case .csv:
            var text = ""
            for row in 0..<matrix.rows {
                text += matrix[row: row].map { String(format: "%.7g", Double($0)) }.joined(separator: ",") + "\n"
            }
            return Data(text.utf8)
        }
    }

    /// The `.npy` layout: magic, version, header length, a Python dict literal padded so the data
    /// starts on a 64-byte boundary, then the raw values (numpy's format specification).
    private static func npy(_ matrix: FeatureMatrix) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(matrix.rows), \(matrix.columns)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: header.utf8)
        data.append(FeatureBlob.littleEndianBytes(matrix.values))
        return data
    }
}
