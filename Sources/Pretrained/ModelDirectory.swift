import Foundation

/// The folder installed pretrained models live in: `$TAGMINE_MODELS`, else
/// `$XDG_DATA_HOME/tagmine/models`, else `~/.local/share/tagmine/models`.
///
/// ```swift
/// let models = ModelDirectory()
/// let installed = try models.install(.msd, from: "musicnn-0.1.0-py3-none-any.whl")
/// let weights = try models.weights(.msd)
/// ```
public struct ModelDirectory: Sendable {
    /// The folder.
    public let path: String

    /// The folder the process environment names.
    public init() {
        self.init(environment: ProcessInfo.processInfo.environment)
    }

    /// The folder `environment` names.
    public init(environment: [String: String]) {
        if let explicit = environment["TAGMINE_MODELS"], !explicit.isEmpty {
            path = explicit
        } else if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            path = data + "/tagmine/models"
        } else {
            path = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/tagmine/models"
        }
    }

    /// A given folder.
    public init(path: String) {
        self.path = path
    }

    /// Where `model`'s file is (installed or not).
    public func file(_ model: MusicnnModel) -> String { "\(path)/\(model.rawValue).tagmine-pretrained" }

    /// Whether `model` is installed.
    public func isInstalled(_ model: MusicnnModel) -> Bool { FileManager.default.fileExists(atPath: file(model)) }

    /// Reads `model`'s checkpoint from the musicnn package at `package`, checks every tensor the
    /// network needs (presence, shape, checksum) and writes the model file, atomically. Returns
    /// the number of weights installed.
    @discardableResult
    public func install(_ model: MusicnnModel, from package: String) throws(PretrainedError) -> Int {
        let bundle = try MusicnnPackage.checkpoint(model, from: package)
        let tensors = try MusicnnWeights.tensors(of: bundle)
        try MusicnnArchitecture.check(tensors, source: bundle.name)
        let source = "musicnn \(MusicnnPackage.version) \(model.checkpointFolder)"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let bytes = try PretrainedModelFile(model: model, source: source, tensors: tensors).encoded()
            try bytes.write(to: URL(fileURLWithPath: file(model)), options: .atomic)
        } catch {
            throw PretrainedError(
                .fileNotFound, file: file(model), "cannot write the model file: \(error.localizedDescription)",
                hint: "Set TAGMINE_MODELS to a writable folder")
        }
        return tensors.values.reduce(0) { $0 + $1.values.count }
    }

    /// The installed `model`'s weights.
    public func weights(_ model: MusicnnModel) throws(PretrainedError) -> MusicnnWeights {
        guard isInstalled(model) else {
            throw PretrainedError(
                .notInstalled, file: file(model), "\(model.rawValue) is not installed",
                hint: "Run `tagmine models install \(model.rawValue)`")
        }
        let stored = try PretrainedModelFile.read(file(model))
        guard stored.model == model else {
            throw PretrainedError(
                .corrupt, file: file(model), "the file holds \(stored.model.rawValue), not \(model.rawValue)")
        }
        return try MusicnnWeights(model: model, tensors: stored.tensors, source: file(model))
    }
}
