/// An architecture that cannot be built on its input: names the block and the shapes involved.
public struct ArchitectureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, where, and with which shapes.
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
