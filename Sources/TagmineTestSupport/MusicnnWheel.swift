import Foundation
import Testing

/// The musicnn 0.1.0 wheel: `make test` downloads it into .build-test/musicnn (weights are never
/// committed); TAGMINE_MUSICNN_WHEEL points elsewhere.
public func musicnnWheel() throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let path =
        ProcessInfo.processInfo.environment["TAGMINE_MUSICNN_WHEEL"]
        ?? root + "/.build-test/musicnn/musicnn-0.1.0-py3-none-any.whl"
    try #require(
        FileManager.default.fileExists(atPath: path),
        "musicnn wheel missing at \(path): run `make musicnn-wheel` (make test does)")
    return path
}
