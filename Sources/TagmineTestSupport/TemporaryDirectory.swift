public import Foundation

/// A fresh folder under the system's temporary directory, for files a test writes.
public struct TemporaryDirectory: Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Creates an empty folder.
    public init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("tagmine-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The absolute path of `name` inside the folder.
    public func file(_ name: String) -> String {
        "\(path)/\(name)"
    }

    /// Writes `text` as UTF-8 (or `encoding`) to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String, encoding: String.Encoding = .utf8) throws -> String {
        guard let data = text.data(using: encoding) else {
            throw CocoaError(.fileWriteInapplicableStringEncoding)
        }
        return try write(name, data)
    }

    /// Writes raw bytes to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: Data) throws -> String {
        let target = file(name)
        try bytes.write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Removes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
