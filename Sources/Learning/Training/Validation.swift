import Foundation

/// Scores on a validation part: what early stopping watches and multi-label thresholds come from.
enum Validation {
    /// Mean loss and accuracy of `probabilities` against `targets` (both `rows × classes`).
    static func score(_ probabilities: [Float], _ targets: [Float], classes: Int, multiLabel: Bool) -> (
        loss: Float, accuracy: Float
    ) {
        let rows = targets.count / max(1, classes)
        var loss: Float = 0, correct: Float = 0
        for row in 0..<rows {
            let range = (row * classes)..<((row + 1) * classes)
            if multiLabel {
                for i in range {
                    let p = min(max(probabilities[i], 1e-7), 1 - 1e-7)
                    loss -= targets[i] * logf(p) + (1 - targets[i]) * logf(1 - p)
                    correct += (p >= 0.5) == (targets[i] == 1) ? 1 / Float(classes) : 0
                }
            } else {
                let predicted = range.max { probabilities[$0] < probabilities[$1] } ?? range.lowerBound
                correct += targets[predicted] == 1 ? 1 : 0
                for i in range where targets[i] > 0 { loss -= targets[i] * logf(max(probabilities[i], 1e-7)) }
            }
        }
        let count = Float(max(1, rows))
        return (loss / count, correct / count)
    }

    /// Per class, the threshold in 0.05…0.95 that maximises its F1 on the validation rows.
    static func thresholds(_ probabilities: [Float], _ targets: [Float], classes: Int) -> [Float] {
        (0..<classes).map { bestThreshold(probabilities, targets, classes, $0) }
    }

    /// The threshold in 0.05…0.95 that maximises class `label`'s F1 on the validation rows (0.5 without positives).
    private static func bestThreshold(_ probabilities: [Float], _ targets: [Float], _ classes: Int, _ label: Int)
        -> Float
    {
        let rows = targets.count / max(1, classes)
        guard (0..<rows).contains(where: { targets[$0 * classes + label] == 1 }) else { return 0.5 }
        var best = (threshold: Float(0.5), f1: Float(-1))
        for step in 1...19 {
            let threshold = Float(step) * 0.05
            var truePositive: Float = 0, falsePositive: Float = 0, falseNegative: Float = 0
            for row in 0..<rows {
                let predicted = probabilities[row * classes + label] >= threshold,
                    actual = targets[row * classes + label] == 1
                if predicted && actual {
                    truePositive += 1
                } else if predicted {
                    falsePositive += 1
                } else if actual {
                    falseNegative += 1
                }
            }
            let f1 = 2 * truePositive / max(1, 2 * truePositive + falsePositive + falseNegative)
            if f1 > best.f1 { best = (threshold, f1) }
        }
        return best.threshold
    }
}
