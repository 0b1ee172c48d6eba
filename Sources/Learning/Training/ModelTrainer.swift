/// What cross-validation trains: a model fitted on some rows of ``LabeledData``, which then gives
/// class probabilities for other rows. ``Trainer`` (softmax and MLP heads on clip vectors) is one;
/// a new kind of model is one new conforming type, and ``CrossValidation`` runs it unchanged.
///
/// ```swift
/// struct NearestCentroid: ModelTrainer {
///     var seed: UInt64 = 0
///     func fit(_ data: LabeledData, rows: [Int], seed: UInt64, fold: Int,
///              progress: (@Sendable (EpochReport) -> Void)?) -> ([[Float]], TrainingCurve) { … }
///     func probabilities(_ model: [[Float]], _ data: LabeledData, rows: [Int]) -> [Float] { … }
///     func inputProblem(matrices: Bool) -> String? { matrices ? "one vector per track" : nil }
/// }
/// ```
public protocol ModelTrainer: Sendable {
    /// The trained model.
    associatedtype Model: Sendable

    /// The seed each fold's seed derives from (`seed + fold`).
    var seed: UInt64 { get }

    /// A model trained on `data`'s rows at `rows`, and its curve; `fold` (from 1, 0 for the final
    /// model) labels the progress reports.
    func fit(
        _ data: LabeledData, rows: [Int], seed: UInt64, fold: Int, progress: (@Sendable (EpochReport) -> Void)?
    ) -> (Model, TrainingCurve)

    /// `rows.count × classes` probabilities `model` gives `data`'s rows at `rows`, in that order.
    func probabilities(_ model: Model, _ data: LabeledData, rows: [Int]) -> [Float]

    /// Why the trainer cannot learn from features that are one matrix per track (`matrices`) or one
    /// vector per track, for the user; `nil` when it can.
    func inputProblem(matrices: Bool) -> String?
}

extension Trainer: ModelTrainer {
    public var seed: UInt64 { options.seed }

    public func fit(
        _ data: LabeledData, rows: [Int], seed: UInt64, fold: Int, progress: (@Sendable (EpochReport) -> Void)?
    ) -> (Classifier, TrainingCurve) {
        fit(data, rows: rows, seed: Optional(seed), fold: fold, progress: progress)
    }

    public func probabilities(_ model: Classifier, _ data: LabeledData, rows: [Int]) -> [Float] {
        model.probabilities(data.features(of: rows), rows: rows.count)
    }

    /// The softmax and MLP heads take one vector per track.
    public func inputProblem(matrices: Bool) -> String? {
        matrices ? "the \(options.model.rawValue) head takes one vector per track, not a matrix" : nil
    }
}
