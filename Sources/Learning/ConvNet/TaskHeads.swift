/// One label set a multi-task network learns: its classes (a slice of the network's outputs, in
/// task order), whether they are multi-label, and the weight of its loss in the total.
public struct TaskHead: Sendable, Codable, Equatable {
    /// The label set, as commands name it.
    public var name: String
    public var classes: [String]
    public var multiLabel: Bool
    /// The task's share of the loss (tasks with equal weights count equally, whatever their size).
    public var weight: Float

    public init(name: String, classes: [String], multiLabel: Bool, weight: Float = 1) {
        self.name = name
        self.classes = classes
        self.multiLabel = multiLabel
        self.weight = weight
    }

    /// Where each task's classes start in the concatenated outputs, and their count.
    static func ranges(_ tasks: [TaskHead]) -> [Range<Int>] {
        var start = 0
        return tasks.map { task in
            defer { start += task.classes.count }
            return start..<(start + task.classes.count)
        }
    }

    /// Softmax within each single-label task's slice, sigmoid on multi-label ones, in place.
    static func activate(_ logits: inout [Float], rows: Int, tasks: [TaskHead]) {
        let total = tasks.reduce(0) { $0 + $1.classes.count }
        for (task, range) in zip(tasks, ranges(tasks)) {
            var slice = [Float](repeating: 0, count: rows * range.count)
            for row in 0..<rows {
                for (c, column) in range.enumerated() { slice[row * range.count + c] = logits[row * total + column] }
            }
            Network.activate(&slice, rows: rows, columns: range.count, task.multiLabel ? .sigmoid : .softmax)
            for row in 0..<rows {
                for (c, column) in range.enumerated() { logits[row * total + column] = slice[row * range.count + c] }
            }
        }
    }
}

/// The output layers of a multi-task network: one dense layer per task on the shared features,
/// their logits side by side. The trainer steps a head only on batches with its labels.
final class TaskHeads: Layer {
    let input: MapShape
    let output: MapShape
    let heads: [FullyConnected]

    var parameters: [Parameter] { heads.flatMap(\.parameters) }

    /// Which task each head tensor belongs to: a trainer steps a head only on batches with its labels.
    var taskOfParameter: [ObjectIdentifier: Int] {
        var tasks: [ObjectIdentifier: Int] = [:]
        for (task, head) in heads.enumerated() {
            for parameter in head.parameters { tasks[ObjectIdentifier(parameter)] = task }
        }
        return tasks
    }

    init(input: MapShape, outputs: [Int], random: inout SeededRandom) {
        self.input = input
        var heads: [FullyConnected] = []
        for width in outputs { heads.append(FullyConnected(input: input, outputs: width, random: &random)) }
        self.heads = heads
        output = MapShape(channels: outputs.reduce(0, +), height: 1, width: 1)
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        let features = x
        let parts = heads.map { $0.forward(features, batch: batch, mode: mode, random: &random) }
        return ChannelBlocks.concatenate(parts, channels: heads.map(\.output.channels), 1, batch)
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        let parts = ChannelBlocks.split(gradient, channels: heads.map(\.output.channels), 1, batch)
        var dx = [Float](repeating: 0, count: batch * input.count)
        for (head, part) in zip(heads, parts) { VectorLoops.add(head.backward(part, batch: batch), into: &dx) }
        return dx
    }
}

extension TaskHead {
    /// The rows of `targets` (`rows × classes`, every task's classes side by side) that `range`
    /// labels: a track has a task's label when one of its classes is set.
    private static func labeledRows(_ targets: [Float], rows: Int, total: Int, range: Range<Int>) -> [Int] {
        (0..<rows).filter { row in range.contains { targets[row * total + $0] > 0 } }
    }

    /// `values`' columns `range` of `rows`, row after row.
    private static func slice(_ values: [Float], rows: [Int], total: Int, range: Range<Int>) -> [Float] {
        rows.flatMap { row in values[(row * total + range.lowerBound)..<(row * total + range.upperBound)] }
    }

    /// The weighted sum of the tasks' losses, each the mean over the rows it labels, its gradient
    /// (zero in a task's columns for rows without its label), and which tasks the rows label.
    static func loss(_ probabilities: [Float], targets: [Float], weights: [Float], rows: Int, tasks: [TaskHead]) -> (
        Float, [Float], [Bool]
    ) {
        let total = tasks.reduce(0) { $0 + $1.classes.count }
        var loss: Float = 0, delta = [Float](repeating: 0, count: rows * total), present: [Bool] = []
        for (task, range) in zip(tasks, ranges(tasks)) {
            let labeled = labeledRows(targets, rows: rows, total: total, range: range)
            present.append(!labeled.isEmpty)
            guard !labeled.isEmpty else { continue }
            let (taskLoss, taskDelta) = OutputLoss.gradient(
                slice(probabilities, rows: labeled, total: total, range: range),
                targets: slice(targets, rows: labeled, total: total, range: range),
                weights: labeled.map { weights[$0] }, rows: labeled.count, classes: range.count,
                task.multiLabel ? .sigmoid : .softmax)
            loss += task.weight * taskLoss
            for (index, row) in labeled.enumerated() {
                for (c, column) in range.enumerated() {
                    delta[row * total + column] = task.weight * taskDelta[index * range.count + c]
                }
            }
        }
        return (loss, delta, present)
    }

    /// Validation: the weighted sum of the tasks' mean losses and the mean of their accuracies,
    /// each over the rows the task labels.
    static func score(_ probabilities: [Float], _ targets: [Float], tasks: [TaskHead]) -> (
        loss: Float, accuracy: Float
    ) {
        let total = tasks.reduce(0) { $0 + $1.classes.count }, rows = targets.count / max(1, total)
        var loss: Float = 0, accuracy: Float = 0, scored: Float = 0
        for (task, range) in zip(tasks, ranges(tasks)) {
            let labeled = labeledRows(targets, rows: rows, total: total, range: range)
            guard !labeled.isEmpty else { continue }
            let score = Validation.score(
                slice(probabilities, rows: labeled, total: total, range: range),
                slice(targets, rows: labeled, total: total, range: range), classes: range.count,
                multiLabel: task.multiLabel)
            loss += task.weight * score.loss
            accuracy += score.accuracy
            scored += 1
        }
        return (loss, accuracy / max(1, scored))
    }

    /// Per class, the multi-label tasks' thresholds from the rows each labels (0.5 for the classes
    /// of single-label tasks, which take the most probable class instead).
    static func thresholds(_ probabilities: [Float], _ targets: [Float], tasks: [TaskHead]) -> [Float] {
        let total = tasks.reduce(0) { $0 + $1.classes.count }, rows = targets.count / max(1, total)
        return zip(tasks, ranges(tasks)).flatMap { task, range -> [Float] in
            let labeled = labeledRows(targets, rows: rows, total: total, range: range)
            guard task.multiLabel && !labeled.isEmpty else { return [Float](repeating: 0.5, count: range.count) }
            return Validation.thresholds(
                slice(probabilities, rows: labeled, total: total, range: range),
                slice(targets, rows: labeled, total: total, range: range), classes: range.count)
        }
    }
}
