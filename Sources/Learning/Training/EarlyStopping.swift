import Foundation

/// A training loop's curve and the epoch it keeps: the one with the lowest validation loss, or
/// without a validation part the last one; it says when `patience` epochs brought nothing better.
struct EarlyStopping<Snapshot> {
    var curve = TrainingCurve()
    /// The kept epoch's validation loss (training loss without a validation part) and weights.
    var best: (loss: Float, snapshot: Snapshot)
    var sinceBest = 0
    let patience: Int

    /// Starts with `initial` weights and no epoch.
    init(initial: Snapshot, patience: Int) {
        best = (.infinity, initial)
        self.patience = patience
    }

    /// Whether training should stop.
    var isDone: Bool { sinceBest >= patience }

    /// Records epoch `epoch`: its training loss and, with a validation part, its validation loss
    /// and accuracy; keeps `snapshot()` when the epoch is the best so far. Returns the epoch's report.
    mutating func record(
        epoch: Int, fold: Int, trainLoss: Float, validation: (loss: Float, accuracy: Float)?,
        snapshot: () -> Snapshot
    ) -> EpochReport {
        curve.trainLoss.append(trainLoss)
        var report = EpochReport(fold: fold, epoch: epoch, trainLoss: trainLoss)
        guard let validation else {
            best = (trainLoss, snapshot())
            curve.bestEpoch = epoch
            return report
        }
        curve.validationLoss.append(validation.loss)
        curve.validationAccuracy.append(validation.accuracy)
        report.validationLoss = validation.loss
        report.validationAccuracy = validation.accuracy
        if validation.loss < best.loss {
            best = (validation.loss, snapshot())
            curve.bestEpoch = epoch
            sinceBest = 0
        } else {
            sinceBest += 1
        }
        return report
    }
}

/// A trained model whose multi-label thresholds a refit keeps.
protocol ThresholdedModel {
    var thresholds: [Float]? { get set }
}

extension Classifier: ThresholdedModel {}
extension ConvClassifier: ThresholdedModel {}

extension EarlyStopping {
    /// Holds out a stratified `share` of `indices` (with `byGroup` and a share above 0, one of
    /// their ``LabeledData/groups`` where they span two or more), runs `train` on the rest with early
    /// stopping on the held-out part, and with `refit` runs it again on all of `indices` for the best
    /// epoch count (keeping the first pass's thresholds): what every trainer's `fit` does.
    static func fit<Model: ThresholdedModel>(
        _ data: LabeledData, rows indices: [Int], share: Float, byGroup: Bool = false, refit: Bool, epochs: Int,
        random: inout SeededRandom,
        train: (
            _ training: [Int], _ validation: [Int], _ epochs: Int, _ firstPass: Bool, _ random: inout SeededRandom
        ) -> (Model, TrainingCurve)
    ) -> (Model, TrainingCurve) {
        let started = Date()
        let (training, validation) =
            byGroup && share > 0
            ? data.groupHoldout(indices, random: &random) ?? data.holdout(indices, share: share, random: &random)
            : data.holdout(indices, share: share, random: &random)
        var (model, curve) = train(training, validation, epochs, true, &random)
        if refit && !validation.isEmpty {
            let thresholds = model.thresholds
            let refitted = train(indices, [], curve.bestEpoch + 1, false, &random)
            model = refitted.0
            model.thresholds = thresholds
            curve.refit = refitted.1.trainLoss
        }
        curve.seconds = Date().timeIntervalSince(started)
        return (model, curve)
    }
}
