public import AudioFeatures

/// One file's class probabilities from a model.
public struct Prediction: Sendable, Codable, Equatable {
    /// The file.
    public var path: String
    /// The model's classes.
    public var classes: [String]
    /// One probability per class.
    public var probabilities: [Float]
    /// The predicted classes: the most probable one, or for a multi-label model every class at or
    /// above its threshold.
    public var predicted: [String]

    /// The `k` most probable classes, most probable first.
    public func top(_ k: Int) -> [(className: String, probability: Float)] {
        Array(zip(classes, probabilities).sorted { $0.1 > $1.1 }.prefix(k)).map { ($0.0, $0.1) }
    }
}

/// Decodes audio files, extracts the features a model was trained on and runs the model: what
/// `tagmine predict` and the server's prediction endpoint call.
///
/// ```swift
/// let predictor = Predictor(model: try await TrainingWorkflow(store: store).model(of: run))
/// let prediction = try predictor.predict("take1.wav")
/// ```
///
/// Holds an extractor with FFT scratch space: make one per task.
public final class Predictor {
    /// The model.
    public let model: ModelFile
    private let extractor: any FeatureExtractor

    /// A predictor for `model`, whose extractor is a spectral one (`logmel-stats`, `logmel`).
    public convenience init(model: ModelFile) {
        self.init(model: model, extractor: Extractor(model.extractor))
    }

    /// A predictor for `model` with `extractor`, which must compute the model's extractor spec.
    public init(model: ModelFile, extractor: any FeatureExtractor) {
        precondition(extractor.spec == model.extractor, "the extractor must be the one the model was trained on")
        self.model = model
        self.extractor = extractor
    }

    /// The class probabilities for the audio file at `path`.
    public func predict(_ path: String) throws(AudioError) -> Prediction {
        let probabilities = model.probabilities(try extractor.extract(path).features)
        let predicted: [Int]
        if let thresholds = model.thresholds {
            predicted = probabilities.indices.filter { probabilities[$0] >= thresholds[$0] }
        } else {
            predicted = Classifier.mostProbable(probabilities).map { [$0] } ?? []
        }
        return Prediction(
            path: path, classes: model.classes, probabilities: probabilities,
            predicted: predicted.map { model.classes[$0] })
    }
}
