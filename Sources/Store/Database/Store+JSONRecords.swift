import Foundation

extension Store {
    /// A stored JSON record (evidence, a split's method), typed; the store only ever writes them from
    /// these types.
    static func decoded<Value: Decodable>(_ type: Value.Type, _ json: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw StoreError(
                .unreadable, "a stored \(Value.self) is not valid (\(json.prefix(80))); the store is damaged")
        }
    }

    /// A stored JSON record, typed, when there is one.
    static func decoded<Value: Decodable>(_ type: Value.Type, _ json: String?) throws -> Value? {
        try json.map { try decoded(type, $0) }
    }
}
