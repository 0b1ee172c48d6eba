/// Out-of-fold probabilities for every track in a fold, and a final model on all of them.
public struct OutOfFold<Model: Sendable>: Sendable {
    /// `rows × classes` probabilities; each row from the model that did not see it. Rows in no
    /// fold (fold < 0) are NaN.
    public var probabilities: [Float]
    /// Each fold's training curve, fold 1 first.
    public var curves: [TrainingCurve]
    /// The model trained on every track in a fold.
    public var final: Model
    /// Its curve.
    public var finalCurve: TrainingCurve
}

/// One finished fold: the probabilities its model gave the rows it held out, and its curve. What
/// an interrupted cross-validation keeps, so that a rerun trains only the folds still missing.
public struct FoldResult: Sendable {
    /// The fold, from 0.
    public var fold: Int
    /// The held-out rows, ascending.
    public var rows: [Int]
    /// `rows.count × classes` probabilities, in `rows` order.
    public var probabilities: [Float]
    /// The fold model's curve.
    public var curve: TrainingCurve

    /// A fold's result.
    public init(fold: Int, rows: [Int], probabilities: [Float], curve: TrainingCurve) {
        self.fold = fold
        self.rows = rows
        self.probabilities = probabilities
        self.curve = curve
    }
}

/// What one cross-validation task trained.
private enum Trained<Model: Sendable>: Sendable {
    case fold(FoldResult)
    case final(Model, TrainingCurve)
}

/// K-fold cross-validation of any ``ModelTrainer``.
public enum CrossValidation {
    /// Trains one model per fold (on the other folds) and the final model (on every fold) up to
    /// `jobs` at a time, each seeded with `seed + fold` (the final model with `seed`) so the result
    /// does not depend on scheduling.
    ///
    /// `folds[i]` is track i's fold (from 0), or a negative number to leave the track out; the folds
    /// are the data's ``LabeledData/groups`` unless it has its own.
    /// Folds in `finished` are taken as they are instead of trained again, which gives the same
    /// result as training them, since each fold's seed is fixed; `onFold` sees each fold trained
    /// here as soon as it is done, and an error it throws stops the cross-validation.
    public static func outOfFold<T: ModelTrainer>(
        _ data: LabeledData, folds: [Int], trainer: T, jobs: Int, finished: [FoldResult] = [],
        onFold: (@Sendable (FoldResult) async throws -> Void)? = nil,
        progress: (@Sendable (EpochReport) -> Void)? = nil
    ) async throws -> OutOfFold<T.Model> {
        var grouped = data
        if grouped.groups == nil { grouped.groups = folds }
        let data = grouped
        let foldCount = (folds.max() ?? -1) + 1
        let classes = data.classes.count
        let included = folds.indices.filter { folds[$0] >= 0 }
        var probabilities = [Float](repeating: .nan, count: data.rows * classes)
        var curves = [TrainingCurve](repeating: TrainingCurve(), count: foldCount)
        func keep(_ result: FoldResult) {
            curves[result.fold] = result.curve
            for (row, index) in result.rows.enumerated() {
                for c in 0..<classes { probabilities[index * classes + c] = result.probabilities[row * classes + c] }
            }
        }
        let kept = finished.filter { (0..<foldCount).contains($0.fold) }
        kept.forEach(keep)
        let seed = trainer.seed
        // The final model is one more task: it trains beside the last folds instead of after them.
        var pending = ((0..<foldCount).filter { fold in !kept.contains { $0.fold == fold } } + [-1])[...]
        var final: (T.Model, TrainingCurve)?
        try await withThrowingTaskGroup(of: Trained<T.Model>.self) { group in
            func addTask() {
                guard let fold = pending.popFirst() else { return }
                group.addTask {
                    guard fold >= 0 else {
                        let (model, curve) = trainer.fit(data, rows: included, seed: seed, fold: 0, progress: progress)
                        return .final(model, curve)
                    }
                    let training = included.filter { folds[$0] != fold }
                    let held = included.filter { folds[$0] == fold }
                    let (model, curve) = trainer.fit(
                        data, rows: training, seed: seed &+ UInt64(fold + 1), fold: fold + 1, progress: progress)
                    let probabilities = trainer.probabilities(model, data, rows: held)
                    return .fold(FoldResult(fold: fold, rows: held, probabilities: probabilities, curve: curve))
                }
            }
            for _ in 0..<max(1, jobs) { addTask() }
            while let trained = try await group.next() {
                addTask()
                switch trained {
                case .fold(let result):
                    keep(result)
                    try await onFold?(result)
                case .final(let model, let curve):
                    final = (model, curve)
                }
            }
        }
        guard let (final, finalCurve) = final else { preconditionFailure("the final model is always trained") }
        return OutOfFold(probabilities: probabilities, curves: curves, final: final, finalCurve: finalCurve)
    }
}
