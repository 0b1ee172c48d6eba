import Foundation

/// The folder of a test target's committed fixtures: `Tests/<Target>/Fixtures`, found from the
/// test file's own path (pass `#filePath`).
public func fixturesFolder(of testFile: String = #filePath) -> String {
    URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Fixtures").path
}
