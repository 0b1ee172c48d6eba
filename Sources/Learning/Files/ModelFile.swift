public import AudioFeatures
public import Foundation

/// A model that cannot be loaded, with what to do about it.
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        /// Not a Tagmine model file at all.
        case notAModel = "not-a-model"
        /// Written by a newer Tagmine.
        case newerVersion = "newer-version"
        /// A Tagmine model file whose contents do not fit together.
        case corrupt
        /// Trained on features of another extractor than the one asked for.
        case extractorMismatch = "extractor-mismatch"
        /// A kind of model this Tagmine cannot run.
        case unknownArchitecture = "unknown-architecture"
    }

    /// The machine-matchable kind of problem.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Tagmine's model file: one JSON document (README, "Model files").
///
/// `{"format": "tagmine-model", "version": 1, "architecture": "dense", "classes": […], "output": "softmax"|"sigmoid",
/// "thresholds": […]|null, "extractor": {spec}, "extractorHash": "…", "training": {options},
/// "standardization": {"mean": B, "scale": B}, "layers": [{"inputs": n, "outputs": m, "weights": B,
/// "bias": B}, …]}` where every `B` is base64 of little-endian float32 values (weights row-major,
/// `outputs × inputs`); hidden layers are followed by ReLU. A file without `architecture` (the
/// first Tagmines wrote none) is a dense head.
///
/// A convolutional network (`"architecture": "cnn"`) has instead of `layers` its `network` (the
/// ``ConvArchitecture``, format-versioned), its `input` (`{"mels": m, "cropFrames": f}`), per-band
/// `standardization`, and `tensors`: every learned tensor then every running statistic, in the
/// architecture's order, each `B` (convolution weights `out × in × height × width`).
///
/// A fine-tuned musicnn (`"architecture": "musicnn"`) has the head's `standardization` and
/// `layers` as a dense head on musicnn's track embedding, and `musicnn` (the ``MusicnnShape``) with
/// `tensors`: musicnn's own, in ``MusicnnClassifier/trunk``'s order.
///
/// A multi-task CNN or musicnn adds `tasks` (each label set's name, classes, multi-label flag and
/// loss weight); its `classes` are the tasks' side by side, and its output layer (a CNN's last
/// tensors, one per task; a musicnn's one dense head layer) gives them in that order.
public struct ModelFile: Sendable {
    /// The format version this Tagmine writes and the newest it reads.
    public static let version = 1

    /// What kind of network a model file holds, so that a reader knows how to run it, and a reader
    /// that does not know a kind says so instead of misreading it.
    public struct Architecture: RawRepresentable, Hashable, Sendable, Codable {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Standardisation, then dense layers (softmax regression, the MLP heads).
        public static let dense = Architecture(rawValue: "dense")
        /// A convolutional network on log-mel crops.
        public static let cnn = Architecture(rawValue: "cnn")
        /// A fine-tuned musicnn with a dense head on its embedding.
        public static let musicnn = Architecture(rawValue: "musicnn")
        /// The architectures this Tagmine reads.
        public static let readable: Set<Architecture> = [.dense, .cnn, .musicnn]
    }

    /// A trained model of either kind.
    public enum Model: Sendable, Equatable {
        /// A head on clip vectors.
        case dense(Classifier)
        /// A convolutional network on spectrograms.
        case convolutional(ConvClassifier)
        /// A fine-tuned musicnn.
        case musicnn(MusicnnClassifier)
    }

    /// What kind of network the file holds.
    public var architecture: Architecture {
        switch model {
        case .dense: .dense
        case .convolutional: .cnn
        case .musicnn: .musicnn
        }
    }

    /// The trained model.
    public var model: Model
    /// The extractor whose features it takes.
    public var extractor: ExtractorSpec
    /// How it was trained.
    public var training: TrainingOptions

    /// Creates a model file's contents.
    public init(model: Model, extractor: ExtractorSpec, training: TrainingOptions) {
        self.model = model
        self.extractor = extractor
        self.training = training
    }

    /// The class names, in output order.
    public var classes: [String] {
        switch model {
        case .dense(let classifier): classifier.classes
        case .convolutional(let classifier): classifier.classes
        case .musicnn(let classifier): classifier.classes
        }
    }

    /// Per-class decision thresholds of a multi-label model (`nil` for softmax).
    public var thresholds: [Float]? {
        switch model {
        case .dense(let classifier): classifier.thresholds
        case .convolutional(let classifier): classifier.thresholds
        case .musicnn(let classifier): classifier.thresholds
        }
    }

    /// Class probabilities for one clip's features: a clip vector for a head, a log-mel
    /// spectrogram (any length) for a CNN.
    public func probabilities(_ features: FeatureMatrix) -> [Float] {
        switch model {
        case .dense(let classifier): classifier.probabilities(features.values, rows: 1)
        case .convolutional(let classifier): classifier.probabilities([features])
        case .musicnn(let classifier): classifier.probabilities([features])
        }
    }

    /// The per-class thresholds of task `index` of a multi-task model (of the whole model when it
    /// has one task, or when `index` is `nil`).
    public func thresholds(task index: Int?) -> [Float]? {
        guard let thresholds, let index, let tasks, tasks.indices.contains(index) else { return thresholds }
        return Array(thresholds[TaskHead.ranges(tasks)[index]])
    }

    /// The tasks of a multi-task model (`nil`: one task).
    public var tasks: [TaskHead]? {
        switch model {
        case .dense: nil
        case .convolutional(let classifier): classifier.tasks
        case .musicnn(let classifier): classifier.tasks
        }
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        var document = Document(
            format: "tagmine-model", version: Self.version, architecture: architecture, classes: classes,
            output: .softmax, thresholds: thresholds, extractor: extractor, extractorHash: extractor.parametersHash,
            training: training, standardization: .init(mean: "", scale: ""))
        func head(_ classifier: Classifier) {
            document.output = classifier.network.output
            document.standardization = .init(
                mean: Self.base64(classifier.standardizer.mean), scale: Self.base64(classifier.standardizer.scale))
            document.layers = classifier.network.layers.map {
                Document.Layer(
                    inputs: $0.inputs, outputs: $0.outputs, weights: Self.base64($0.weights),
                    bias: Self.base64($0.bias))
            }
        }
        switch model {
        case .dense(let classifier):
            head(classifier)
        case .musicnn(let classifier):
            head(classifier.head)
            document.musicnn = classifier.shape
            document.tasks = classifier.tasks
            document.tensors = classifier.trunk.map(Self.base64)
        case .convolutional(let classifier):
            document.output = classifier.output
            document.standardization = .init(
                mean: Self.base64(classifier.standardizer.mean), scale: Self.base64(classifier.standardizer.scale))
            document.network = classifier.architecture
            document.input = .init(mels: classifier.mels, cropFrames: classifier.cropFrames)
            document.tasks = classifier.tasks
            document.tensors = classifier.tensors.map(Self.base64)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(document)
    }

    /// Reads a model file; with `expecting`, refuses one trained on another extractor's features.
    public static func decode(_ data: Data, source: String, expecting: ExtractorSpec? = nil) throws(ModelFileError)
        -> ModelFile
    {
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data), probe.format == "tagmine-model" else {
            if data.range(of: Data("\"tagmine-model\"".utf8)) != nil {
                throw ModelFileError(
                    .corrupt, "\(source): the model file is damaged (cut short?); train or copy it again")
            }
            throw ModelFileError(.notAModel, "\(source): not a Tagmine model file")
        }
        guard probe.version <= version else {
            throw ModelFileError(
                .newerVersion,
                "\(source): model format version \(probe.version) is newer than this Tagmine reads (\(version)); "
                    + "upgrade Tagmine")
        }
        let architecture = probe.architecture ?? .dense
        guard Architecture.readable.contains(architecture) else {
            throw ModelFileError(
                .unknownArchitecture,
                "\(source): the model is a '\(architecture.rawValue)' network, which this Tagmine cannot run; "
                    + "upgrade Tagmine")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw ModelFileError(.corrupt, "\(source): the model file is damaged (\(error))")
        }
        let file = try document.model(source: source)
        if let expecting, expecting.parametersHash != file.extractor.parametersHash {
            throw ModelFileError(
                .extractorMismatch,
                "\(source): the model takes \(file.extractor.name) features [\(file.extractor.parametersHash)], "
                    + "not \(expecting.name) [\(expecting.parametersHash)]; extract with the model's parameters")
        }
        return file
    }

    private static func base64(_ values: [Float]) -> String {
        FeatureBlob.littleEndianBytes(values).base64EncodedString()
    }

    private struct Probe: Decodable {
        var format: String
        var version: Int
        var architecture: Architecture?
    }

    private struct Document: Codable {
        struct Layer: Codable {
            var inputs: Int
            var outputs: Int
            var weights: String
            var bias: String
        }

        struct Standardization: Codable {
            var mean: String
            var scale: String
        }

        struct Input: Codable {
            var mels: Int
            var cropFrames: Int
        }

        var format: String
        var version: Int
        var architecture: Architecture?
        var classes: [String]
        var output: OutputActivation
        var thresholds: [Float]?
        var extractor: ExtractorSpec
        var extractorHash: String
        var training: TrainingOptions
        var standardization: Standardization
        var layers: [Layer]?
        var network: ConvArchitecture?
        var input: Input?
        var tensors: [String]?
        var musicnn: MusicnnShape?
        var tasks: [TaskHead]?

        func model(source: String) throws(ModelFileError) -> ModelFile {
            func floats(_ text: String, count: Int, _ what: String) throws(ModelFileError) -> [Float] {
                guard let data = Data(base64Encoded: text), data.count == 4 * count else {
                    throw ModelFileError(.corrupt, "\(source): \(what) should hold \(count) values")
                }
                return FeatureBlob.floats(littleEndian: data)
            }
            guard extractorHash == extractor.parametersHash else {
                throw ModelFileError(.corrupt, "\(source): the extractor's parameters and their hash differ")
            }
            if architecture == .cnn { return try convolutional(source: source) }
            let classifier = try dense(source: source)
            guard architecture == .musicnn else {
                return ModelFile(model: .dense(classifier), extractor: extractor, training: training)
            }
            guard let musicnn, let tensors else {
                throw ModelFileError(.corrupt, "\(source): a musicnn model needs its shape and tensors")
            }
            let trunk = try tensors.enumerated().map { (index, text) throws(ModelFileError) in
                try Self.floats(text, source: source, "tensor \(index + 1)")
            }
            do {
                let model = try MusicnnClassifier(shape: musicnn, trunk: trunk, head: classifier, tasks: tasks)
                return ModelFile(model: .musicnn(model), extractor: extractor, training: training)
            } catch {
                throw ModelFileError(.corrupt, "\(source): \(error.message)")
            }
        }

        /// The dense head: the whole model of a `dense` file, a musicnn model's head.
        private func dense(source: String) throws(ModelFileError) -> Classifier {
            func floats(_ text: String, count: Int, _ what: String) throws(ModelFileError) -> [Float] {
                guard let data = Data(base64Encoded: text), data.count == 4 * count else {
                    throw ModelFileError(.corrupt, "\(source): \(what) should hold \(count) values")
                }
                return FeatureBlob.floats(littleEndian: data)
            }
            guard let layers, let first = layers.first, let last = layers.last, last.outputs == classes.count,
                zip(layers, layers.dropFirst()).allSatisfy({ $0.outputs == $1.inputs })
            else {
                throw ModelFileError(.corrupt, "\(source): the layers, classes and extractor do not fit together")
            }
            let network = Network(
                layers: try layers.enumerated().map { (index, layer) throws(ModelFileError) in
                    DenseLayer(
                        inputs: layer.inputs, outputs: layer.outputs,
                        weights: try floats(
                            layer.weights, count: layer.inputs * layer.outputs, "layer \(index + 1) weights"),
                        bias: try floats(layer.bias, count: layer.outputs, "layer \(index + 1) bias"))
                }, output: output)
            let standardizer = Standardizer(
                mean: try floats(standardization.mean, count: first.inputs, "the standardisation mean"),
                scale: try floats(standardization.scale, count: first.inputs, "the standardisation scale"))
            return Classifier(classes: classes, standardizer: standardizer, network: network, thresholds: thresholds)
        }

        /// Base64 float32 values of any count.
        private static func floats(_ text: String, source: String, _ what: String) throws(ModelFileError) -> [Float] {
            guard let data = Data(base64Encoded: text), data.count % 4 == 0 else {
                throw ModelFileError(.corrupt, "\(source): \(what) is not base64 float32 values")
            }
            return FeatureBlob.floats(littleEndian: data)
        }

        private func convolutional(source: String) throws(ModelFileError) -> ModelFile {
            guard let network, let input, let tensors else {
                throw ModelFileError(.corrupt, "\(source): a CNN model needs its network, input and tensors")
            }
            guard network.format <= ConvArchitecture.format else {
                throw ModelFileError(
                    .newerVersion,
                    "\(source): the network is architecture format \(network.format), newer than this Tagmine "
                        + "reads (\(ConvArchitecture.format)); upgrade Tagmine")
            }
            func floats(_ text: String, _ what: String) throws(ModelFileError) -> [Float] {
                try Self.floats(text, source: source, what)
            }
            let values = try tensors.enumerated().map { (index, text) throws(ModelFileError) in
                try floats(text, "tensor \(index + 1)")
            }
            let standardizer = Standardizer(
                mean: try floats(standardization.mean, "the standardisation mean"),
                scale: try floats(standardization.scale, "the standardisation scale"))
            do {
                let classifier = try ConvClassifier(
                    classes: classes, architecture: network, mels: input.mels, cropFrames: input.cropFrames,
                    standardizer: standardizer, output: output, thresholds: thresholds, tensors: values, tasks: tasks)
                return ModelFile(model: .convolutional(classifier), extractor: extractor, training: training)
            } catch {
                throw ModelFileError(.corrupt, "\(source): \(error.message)")
            }
        }
    }
}
