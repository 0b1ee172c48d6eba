import Foundation

/// The folder of a test target's committed fixtures: `Tests/<Target>/Fixtures`, found from the
/// test file's own path (pass `#filePath`).
public func fixturesFolder(of testFile: String = #filePath) -> String {
    URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Fixtures").path
}

/// The committed fixture `name` in the test target's `Fixtures` folder, decoded from JSON.
public func fixture<Value: Decodable>(_ type: Value.Type, named name: String, testFile: String = #filePath) throws
    -> Value
{
    let data = try Data(contentsOf: URL(fileURLWithPath: fixturesFolder(of: testFile) + "/" + name))
    return try JSONDecoder().decode(type, from: data)
}
