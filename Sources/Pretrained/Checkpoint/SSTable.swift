/// A LevelDB-format sorted table held in memory: the container of a TensorFlow checkpoint's
/// `.index` file. Blocks must be uncompressed (TensorFlow writes them so); every block's checksum
/// is verified.
struct SSTable {
    /// Every key and value, in key order.
    let entries: [(key: [UInt8], value: ArraySlice<UInt8>)]

    private static let magic: UInt64 = 0xDB47_7524_8B80_FB57
    private static let footerLength = 48

    init(_ bytes: [UInt8], file: String) throws(PretrainedError) {
        func corrupt(_ what: String) -> PretrainedError {
            PretrainedError(
                .corrupt, file: file, "not a readable checkpoint index: \(what)",
                hint: "Reinstall the model from an intact package")
        }
        guard bytes.count >= Self.footerLength else { throw corrupt("\(bytes.count) bytes is too short") }
        let footer = bytes[(bytes.count - Self.footerLength)...]
        let magic = footer.suffix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard magic == Self.magic else { throw corrupt("no table magic number at the end") }

        var position = footer.startIndex
        let index: (offset: Int, size: Int)
        do {
            for _ in 0..<2 { _ = try ProtoReader.varint(footer, at: &position) }  // the unused metaindex block
            index = (try ProtoReader.int(footer, at: &position), try ProtoReader.int(footer, at: &position))
        } catch { throw corrupt("damaged footer") }

        func block(_ offset: Int, _ size: Int) throws(PretrainedError) -> [([UInt8], ArraySlice<UInt8>)] {
            // Compared by subtraction: offsets and sizes come from the file and may be near Int.max.
            let end = bytes.count - Self.footerLength - 5
            guard offset >= 0, size >= 4, size <= end, offset <= end - size else {
                throw corrupt("a block lies outside the file")
            }
            let contents = bytes[offset..<(offset + size)]
            let type = bytes[offset + size]
            let stored = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + size + 1 + $1]) << (8 * UInt32($1)) }
            let actual = bytes[offset..<(offset + size + 1)].withUnsafeBytes(CRC32C.checksum)
            guard CRC32C.unmask(stored) == actual else { throw corrupt("block at byte \(offset) fails its checksum") }
            guard type == 0 else {
                throw PretrainedError(
                    .unsupported, file: file,
                    "the index is compressed (block type \(type)); Tagmine reads uncompressed ones")
            }
            return try Self.entries(of: contents, corrupt: corrupt)
        }

        var entries: [(key: [UInt8], value: ArraySlice<UInt8>)] = []
        for (_, handle) in try block(index.offset, index.size) {
            var position = handle.startIndex
            let offset: Int, size: Int
            do {
                offset = try ProtoReader.int(handle, at: &position)
                size = try ProtoReader.int(handle, at: &position)
            } catch { throw corrupt("damaged block handle") }
            for (key, value) in try block(offset, size) { entries.append((key, value)) }
        }
        self.entries = entries
    }

    /// The key-value pairs of one block: prefix-compressed keys, then the restart array.
    private static func entries(
        of block: ArraySlice<UInt8>, corrupt: (String) -> PretrainedError
    ) throws(PretrainedError) -> [([UInt8], ArraySlice<UInt8>)] {
        let restarts = block.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        let end = block.endIndex - 4 - 4 * restarts
        guard restarts >= 1, end >= block.startIndex else { throw corrupt("damaged block trailer") }
        var position = block.startIndex
        var key: [UInt8] = []
        var result: [([UInt8], ArraySlice<UInt8>)] = []
        while position < end {
            do {
                let shared = try ProtoReader.int(block, at: &position)
                let unshared = try ProtoReader.int(block, at: &position)
                let valueLength = try ProtoReader.int(block, at: &position)
                guard shared <= key.count, unshared <= end - position, valueLength <= end - position - unshared
                else { throw ProtoError() }
                key = Array(key.prefix(shared)) + block[position..<(position + unshared)]
                position += unshared
                result.append((key, block[position..<(position + valueLength)]))
                position += valueLength
            } catch { throw corrupt("damaged block entry") }
        }
        return result
    }
}
