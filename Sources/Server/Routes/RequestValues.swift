import Foundation
import Hummingbird

extension Parameters {
    /// The route parameter `name`, percent-decoded: catalogue ids are Japanese, have spaces, `/`, `?`
    /// and `#`, and reach the router encoded (`/api/tracks/%E6%9B%B2%201`).
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let text = raw.removingPercentEncoding else {
            throw APIError(.badRequest, "'\(raw)' is not valid percent-encoded UTF-8")
        }
        return text
    }
}

/// A request's query string read as HTML forms write it: `+` is a space, then percent-decoding
/// (Hummingbird's query parameters leave `+` as it is).
struct FormQuery {
    private var values: [String: String] = [:]

    init(_ request: Request) {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let key = decode(parts[0]), values[key] == nil else { continue }
            values[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    /// The first value of `key`.
    subscript(_ key: String) -> String? { values[key] }

    /// The first value of `key` as an integer.
    func integer(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
}
