import AudioFeatures
import Crypto
public import Foundation

/// Tagmine's file for an installed pretrained model (`<name>.tagmine-pretrained`): one line of
/// JSON naming the model, its source, labels and tensors (name and shape, in payload order) with
/// the SHA-256 of the payload, then the tensors as little-endian float32.
public struct PretrainedModelFile: Sendable {
    /// The header's `format`.
    public static let format = "tagmine-pretrained"
    /// The version this Tagmine writes and reads.
    public static let version = 1

    struct Header: Codable {
        var format: String
        var version: Int
        var model: String
        var source: String
        var labels: [String]
        var tensors: [TensorHeader]
        var sha256: String
    }

    struct TensorHeader: Codable {
        var name: String
        var shape: [Int]
    }

    /// Which model.
    public var model: MusicnnModel
    /// Where its weights came from (package and checkpoint).
    public var source: String
    /// The tensors by name.
    public var tensors: [String: Tensor]

    /// A model file holding `tensors`.
    public init(model: MusicnnModel, source: String, tensors: [String: Tensor]) {
        self.model = model
        self.source = source
        self.tensors = tensors
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        let names = tensors.keys.sorted()
        let payload = FeatureBlob.littleEndianBytes(names.flatMap { tensors[$0]!.values })
        let header = Header(
            format: Self.format, version: Self.version, model: model.rawValue, source: source, labels: model.labels,
            tensors: names.map { TensorHeader(name: $0, shape: tensors[$0]!.shape) },
            sha256: SHA256.hash(data: payload).map { String(format: "%02x", $0) }.joined())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(header) + Data("\n".utf8) + payload
    }

    /// Reads a model file, refusing another format, a newer version, a damaged payload.
    public static func read(_ path: String) throws(PretrainedError) -> PretrainedModelFile {
        guard let data = FileBytes.read(path) else {
            throw PretrainedError(.notInstalled, file: path, "cannot read the model file")
        }
        func corrupt(_ message: String) -> PretrainedError {
            PretrainedError(.corrupt, file: path, message, hint: "Install the model again: tagmine models install")
        }
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")),
            let header = try? JSONDecoder().decode(Header.self, from: data[data.startIndex..<newline]),
            header.format == format
        else { throw corrupt("not a \(format) file") }
        guard header.version <= version else {
            throw PretrainedError(
                .unsupported, file: path,
                "model file version \(header.version) is newer than this Tagmine's \(version)",
                hint: "Update Tagmine or install the model again with this one")
        }
        guard let model = MusicnnModel(name: header.model) else { throw corrupt("unknown model '\(header.model)'") }
        let payload = data[(newline + 1)...]
        var expected = 0
        for tensor in header.tensors {
            guard let count = Tensor.count(of: tensor.shape), count * 4 <= payload.count - expected else {
                throw corrupt(
                    "tensor '\(tensor.name)' (\(tensor.shape)) does not fit in the \(payload.count)-byte payload")
            }
            expected += count * 4
        }
        guard payload.count == expected else {
            throw corrupt("\(payload.count) payload bytes, the header lists \(expected)")
        }
        guard SHA256.hash(data: payload).map({ String(format: "%02x", $0) }).joined() == header.sha256 else {
            throw corrupt("the payload fails its SHA-256 check")
        }
        var tensors: [String: Tensor] = [:]
        var offset = payload.startIndex
        for tensor in header.tensors {
            let end = offset + Tensor.count(of: tensor.shape)! * 4  // checked above
            tensors[tensor.name] = Tensor(
                shape: tensor.shape, values: FeatureBlob.floats(littleEndian: payload[offset..<end]))
            offset = end
        }
        return PretrainedModelFile(model: model, source: header.source, tensors: tensors)
    }
}
