/// Out-of-fold probabilities for every track in a fold, and a final model on all of them.
public struct OutOfFold: Sendable {
    /// `rows × classes` probabilities; each row from the model that did not see it. Rows in no
    /// fold (fold < 0) are NaN.
    public var probabilities: [Float]
    /// Each fold's training curve, fold 1 first.
    public var curves: [TrainingCurve]
    /// The model trained on every track in a fold.
    public var final: Classifier
    /// Its curve.
    public var finalCurve: TrainingCurve
}

/// K-fold cross-validation of a ``Trainer``.
public enum CrossValidation {
    /// Trains one model per fold (on the other folds) up to `jobs` at a time, each seeded with
    /// `seed + fold` so the result does not depend on scheduling, then the final model.
    ///
    /// `folds[i]` is track i's fold (from 0), or a negative number to leave the track out.
    public static func outOfFold(
        _ data: LabeledData, folds: [Int], trainer: Trainer, jobs: Int,
        progress: (@Sendable (EpochReport) -> Void)? = nil
    ) async -> OutOfFold {
        let foldCount = (folds.max() ?? -1) + 1
        let classes = data.classes.count
        let included = folds.indices.filter { folds[$0] >= 0 }
        var probabilities = [Float](repeating: .nan, count: data.rows * classes)
        var curves = [TrainingCurve](repeating: TrainingCurve(), count: foldCount)
        let seed = trainer.options.seed
        await withTaskGroup(of: (Int, [Int], [Float], TrainingCurve).self) { group in
            var next = 0
            func addFold() {
                guard next < foldCount else { return }
                let fold = next
                next += 1
                group.addTask {
                    let training = included.filter { folds[$0] != fold }
                    let held = included.filter { folds[$0] == fold }
                    let (model, curve) = trainer.fit(
                        data, rows: training, seed: seed &+ UInt64(fold + 1), fold: fold + 1, progress: progress)
                    return (fold, held, model.probabilities(data.features(of: held), rows: held.count), curve)
                }
            }
            for _ in 0..<max(1, jobs) { addFold() }
            while let (fold, held, foldProbabilities, curve) = await group.next() {
                addFold()
                curves[fold] = curve
                for (row, index) in held.enumerated() {
                    for c in 0..<classes { probabilities[index * classes + c] = foldProbabilities[row * classes + c] }
                }
            }
        }
        let (final, finalCurve) = trainer.fit(data, rows: included, seed: seed, fold: 0, progress: progress)
        return OutOfFold(probabilities: probabilities, curves: curves, final: final, finalCurve: finalCurve)
    }
}
