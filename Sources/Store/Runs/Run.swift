public import Foundation
public import Records

/// A stored training run.
public struct Run: Sendable {
    public var id: Int64
    public var name: String?
    /// The label version it was trained on.
    public var labelSetID: Int64
    /// The split whose parts were its folds.
    public var splitID: Int64
    /// The extractor whose features it used.
    public var extractor: ExtractorSpec
    /// The classes, in probability order.
    public var classes: [String]
    /// Whether tracks may have several classes (sigmoid outputs).
    public var multiLabel: Bool
    /// How its heads were trained.
    public var options: TrainingOptions
    /// Per-fold curves, then the final model's.
    public var curves: RunCurves
    /// Wall-clock seconds of the whole run.
    public var seconds: Double
    /// Tracks with out-of-fold probabilities.
    public var predictedTracks: Int
    /// Labeled tracks it could not use.
    public var skippedTracks: Int
    public var createdBy: String
    public var createdAt: Date
    /// For one task of a multi-task training, the id of the training's first run (every task's run
    /// has it); `nil` for a single-task run.
    public var taskGroup: Int64?

    /// The model in a few words, as every front end shows it: `softmax`, `mlp 256×128`,
    /// `mlp 200 fine-tuned from musicnn-msd`, `musicnn-msd fine-tuned (backend)`.
    public var modelDescription: String {
        var model: String
        switch options.model {
        case .softmax: model = "softmax"
        case .mlp: model = "mlp \(options.hidden.map(String.init).joined(separator: "×"))"
        case .cnn:
            model = "cnn \(options.convolution?.architecture ?? "")"
            if let run = options.frozenTrunk { model += ", output layer on run \(run)'s network" }
        case .musicnnMSD, .musicnnMTT:
            return "\(options.model.rawValue) fine-tuned (\(options.fineTune?.rawValue ?? "backend"))"
        }
        if options.fineTune != nil { model += " fine-tuned from \(extractor.name)" }
        return model
    }
}

/// A run's training curves.
public struct RunCurves: Sendable, Codable {
    /// One per fold, fold 1 first.
    public var folds: [TrainingCurve]
    /// The final model's, trained on every fold.
    public var final: TrainingCurve

    /// Creates the curves of a run.
    public init(folds: [TrainingCurve], final: TrainingCurve) {
        self.folds = folds
        self.final = final
    }
}

/// One track's out-of-fold prediction in a run.
public struct RunPrediction: Sendable {
    /// The store's id for the track.
    public var trackID: Int64
    public var catalogueID: String
    /// The classes the label version gives it (indices into the run's classes).
    public var given: [Int]
    /// Its fold (from 1).
    public var fold: Int
    /// Class probabilities from the fold model that did not see it.
    public var probabilities: [Float]
}

/// A labeled track a run could not use.
public struct SkippedTrack: Sendable, Equatable {
    public var catalogueID: String
    public var reason: String
}
