import Foundation

/// Whole-file reads for the model files and checkpoints.
enum FileBytes {
    /// The bytes of the file at `path` (memory-mapped), or `nil` when it cannot be read.
    ///
    /// An empty file is answered here: swift-foundation's `Data(contentsOf:)` leaks a 4 KB buffer
    /// on every empty file it reads (found by `make fuzz`).
    static func read(_ path: String) -> Data? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int
        else { return nil }
        if size == 0 { return Data() }
        return try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    }
}
