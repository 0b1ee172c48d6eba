/// Why a pretrained model could not be installed, loaded or run, with what to do about it.
public struct PretrainedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Code: String, Sendable {
        /// A file that should be there is not.
        case fileNotFound
        /// The package is not the one Tagmine knows (another version, another project).
        case wrongPackage
        /// A checkpoint or model file is damaged: bad framing, a checksum mismatch, a short read.
        case corrupt
        /// A tensor the network needs is missing or has another shape.
        case missingTensor
        /// A format or feature Tagmine does not read (a compressed index, a sharded checkpoint).
        case unsupported
        /// The model is not installed.
        case notInstalled
    }

    /// What went wrong.
    public var code: Code
    /// The file concerned, when there is one.
    public var file: String?
    /// The problem.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// An error about `file`.
    public init(_ code: Code, file: String? = nil, _ message: String, hint: String? = nil) {
        self.code = code
        self.file = file
        self.message = message
        self.hint = hint
    }

    public var description: String {
        let place = file.map { "\($0): " } ?? ""
        return place + message + (hint.map { ". \($0)" } ?? "")
    }
}
