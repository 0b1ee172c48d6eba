import AudioFeatures
public import Foundation

/// A float tensor from a checkpoint: its shape and its values in row-major order.
public struct Tensor: Sendable, Equatable {
    /// The dimensions, outermost first.
    public var shape: [Int]
    /// `shape.reduce(1, *)` values.
    public var values: [Float]

    /// The number of values a tensor of `shape` holds, or `nil` for a negative dimension or a
    /// count of 2^40 or more (a shape read from a file, not a tensor anyone has).
    public static func count(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product < 1 << 40 else { return nil }
            count = product
        }
        return count
    }

    /// A tensor of `shape` holding `values`.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }
}

/// A TensorFlow checkpoint in the tensor-bundle format (TF ≥ 1.0 `Saver` V2): an `.index`
/// table naming each tensor with its type, shape, place in the data shard and CRC-32C, and the
/// `.data-00000-of-00001` shard holding the bytes. Read directly, with no TensorFlow.
///
/// ```swift
/// let bundle = try TensorBundle(index: indexBytes, data: dataBytes, name: "MSD_musicnn")
/// let kernel = try bundle.tensor("conv2d/kernel")     // [7, 38, 1, 204]
/// ```
public struct TensorBundle: Sendable {
    /// Where an entry's bytes are and what they hold.
    struct Entry: Sendable {
        var dtype: Int
        var shape: [Int]
        var offset: Int
        var size: Int
        var checksum: UInt32
    }

    /// For error messages: the checkpoint's name or path.
    public let name: String
    private let entries: [String: Entry]
    private let data: Data

    /// TensorFlow's `DT_FLOAT`.
    private static let float32 = 1

    /// Parses `index` and keeps `data`; throws if the index is damaged or describes a checkpoint
    /// Tagmine cannot read (several shards, big-endian, partitioned tensors).
    public init(index: [UInt8], data: Data, name: String) throws(PretrainedError) {
        self.name = name
        self.data = data
        let table = try SSTable(index, file: name + ".index")
        var entries: [String: Entry] = [:]
        for (key, value) in table.entries {
            if key.isEmpty {
                try Self.checkHeader(value, name: name)
                continue
            }
            let tensorName = String(decoding: key, as: UTF8.self)
            entries[tensorName] = try Self.entry(value, tensor: tensorName, name: name)
        }
        self.entries = entries
    }

    /// The names of every tensor, sorted.
    public var tensorNames: [String] { entries.keys.sorted() }

    /// The float tensor `tensorName`, checked against its recorded size and CRC-32C.
    public func tensor(_ tensorName: String) throws(PretrainedError) -> Tensor {
        guard let entry = entries[tensorName] else {
            throw PretrainedError(.missingTensor, file: name, "no tensor '\(tensorName)' in the checkpoint")
        }
        guard entry.dtype == Self.float32 else {
            throw PretrainedError(
                .unsupported, file: name, "tensor '\(tensorName)' has TensorFlow type \(entry.dtype), not float32")
        }
        guard let count = Tensor.count(of: entry.shape), entry.size == count * 4, entry.offset >= 0,
            entry.size <= data.count, entry.offset <= data.count - entry.size
        else {
            throw PretrainedError(
                .corrupt, file: name,
                "tensor '\(tensorName)' (\(entry.shape)) claims \(entry.size) bytes at \(entry.offset) of a \(data.count)-byte shard",
                hint: "The data shard is truncated or belongs to another checkpoint")
        }
        let bytes = data[(data.startIndex + entry.offset)..<(data.startIndex + entry.offset + entry.size)]
        let actual = bytes.withUnsafeBytes(CRC32C.checksum)
        guard CRC32C.unmask(entry.checksum) == actual else {
            throw PretrainedError(
                .corrupt, file: name, "tensor '\(tensorName)' fails its CRC-32C check",
                hint: "The data shard is damaged; reinstall the model from an intact package")
        }
        return Tensor(shape: entry.shape, values: FeatureBlob.floats(littleEndian: bytes))
    }

    /// `BundleHeaderProto`: one shard, little-endian.
    private static func checkHeader(_ bytes: ArraySlice<UInt8>, name: String) throws(PretrainedError) {
        var reader = ProtoReader(bytes)
        var shards: UInt64 = 1
        var endianness: UInt64 = 0
        do {
            while let (field, value) = try reader.next() {
                if case .integer(let number) = value {
                    if field == 1 { shards = number }
                    if field == 2 { endianness = number }
                }
            }
        } catch {
            throw PretrainedError(.corrupt, file: name, "the checkpoint header is damaged")
        }
        guard shards == 1 else {
            throw PretrainedError(
                .unsupported, file: name, "the checkpoint has \(shards) data shards; Tagmine reads one")
        }
        guard endianness == 0 else {
            throw PretrainedError(.unsupported, file: name, "the checkpoint was written big-endian")
        }
    }

    /// `BundleEntryProto`: dtype 1, shape 2, shard 3, offset 4, size 5, crc32c 6, slices 7.
    private static func entry(_ bytes: ArraySlice<UInt8>, tensor: String, name: String) throws(PretrainedError) -> Entry
    {
        var entry = Entry(dtype: 0, shape: [], offset: 0, size: 0, checksum: 0)
        var reader = ProtoReader(bytes)
        do {
            while let (field, value) = try reader.next() {
                switch (field, value) {
                case (1, .integer(let number)): entry.dtype = Int(exactly: number) ?? -1
                case (2, .bytes(let shape)): entry.shape = try dimensions(shape)
                case (3, .integer(let shard)) where shard != 0:
                    throw PretrainedError(.unsupported, file: name, "tensor '\(tensor)' lives in shard \(shard)")
                case (4, .integer(let number)): entry.offset = try exactly(number)
                case (5, .integer(let number)): entry.size = try exactly(number)
                case (6, .integer(let number)): entry.checksum = UInt32(truncatingIfNeeded: number)
                case (7, _):
                    throw PretrainedError(.unsupported, file: name, "tensor '\(tensor)' is partitioned into slices")
                default: break
                }
            }
        } catch let error as PretrainedError {
            throw error
        } catch {
            throw PretrainedError(.corrupt, file: name, "the index entry of tensor '\(tensor)' is damaged")
        }
        return entry
    }

    private static func exactly(_ number: UInt64) throws(ProtoError) -> Int {
        guard let value = Int(exactly: number) else { throw ProtoError() }
        return value
    }

    /// `TensorShapeProto`: repeated `dim` (2), each with `size` (1).
    private static func dimensions(_ bytes: ArraySlice<UInt8>) throws(ProtoError) -> [Int] {
        var reader = ProtoReader(bytes)
        var result: [Int] = []
        while let (field, value) = try reader.next() {
            guard field == 2, case .bytes(let dim) = value else { continue }
            var dimReader = ProtoReader(dim)
            var size = 0
            while let (dimField, dimValue) = try dimReader.next() {
                if dimField == 1, case .integer(let number) = dimValue { size = Int(Int64(bitPattern: number)) }
            }
            guard size >= 0 else { throw ProtoError() }
            result.append(size)
        }
        return result
    }
}
