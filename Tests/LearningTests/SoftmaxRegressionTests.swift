import Foundation
import Records
import Testing

@testable import Learning

/// Softmax regression's L-BFGS objective, and its early stopping on a held-out group.
@Suite struct SoftmaxRegressionTests {
    /// Five rows of four features, three classes, uneven row weights; soft targets on the last row.
    static func objective(_ output: OutputActivation, l2: Float = 0.05) -> SoftmaxRegressionObjective {
        var random = SeededRandom(seed: 7)
        let inputs = (0..<20).map { _ in Float(random.normal()) }
        let last: [Float] = output == .softmax ? [0, 0.3, 0.7] : [0, 1, 1]
        return SoftmaxRegressionObjective(
            inputs: inputs, targets: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0] + last, weights: [1, 2, 1, 0.5, 1], rows: 5,
            columns: 4, classes: 3, l2: l2, output: output)
    }

    static func parameters(seed: UInt64, count: Int) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in Float(random.normal()) }
    }

    @Test(arguments: [OutputActivation.softmax, .sigmoid])
    func theGradientMatchesFiniteDifferences(output: OutputActivation) {
        var objective = Self.objective(output)
        let point = Self.parameters(seed: 1, count: objective.parameterCount)
        let (_, gradient) = objective.evaluate(point)
        var worst = 0.0
        for i in point.indices {
            var plus = point, minus = point
            plus[i] += 1e-2
            minus[i] -= 1e-2
            let numeric = (objective.evaluate(plus).value - objective.evaluate(minus).value) / 2e-2
            worst = max(worst, abs(numeric - Double(gradient[i])))
        }
        #expect(worst < 1e-3, "largest |analytic − numeric| gradient difference \(worst)")
    }

    /// The log-sum-exp loss is the network's cross-entropy (which takes the logarithm of every
    /// probability) plus the penalty, where no probability is small enough to be clipped.
    @Test(arguments: [OutputActivation.softmax, .sigmoid])
    func theValueIsTheNetworksLossPlusThePenalty(output: OutputActivation) {
        var objective = Self.objective(output)
        let point = Self.parameters(seed: 2, count: objective.parameterCount).map { $0 * 0.5 }
        let (value, _) = objective.evaluate(point)
        var random = SeededRandom(seed: 7)
        let inputs = (0..<20).map { _ in Float(random.normal()) }
        let network = Network(
            layers: [DenseLayer(inputs: 4, outputs: 3, weights: Array(point[..<12]), bias: Array(point[12...]))],
            output: output)
        let probabilities = network.probabilities(inputs, rows: 5)
        let last: [Float] = output == .softmax ? [0, 0.3, 0.7] : [0, 1, 1]
        let (loss, _) = OutputLoss.gradient(
            probabilities, targets: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0] + last, weights: [1, 2, 1, 0.5, 1], rows: 5,
            classes: 3, output)
        let expected = Double(loss) + 0.05 / 2 * point[..<12].reduce(0) { $0 + Double($1 * $1) }
        #expect(abs(value - expected) < 1e-5, "objective \(value), network \(expected)")
    }

    @Test func aGroupHoldoutTakesOneWholeGroupAndNeedsTwo() throws {
        var data = blobs(classes: 2, perClass: 12, dimensions: 3)
        data.groups = (0..<data.rows).map { $0 % 4 }
        var random = SeededRandom(seed: 5)
        let indices = Array(0..<data.rows).filter { $0 % 4 != 3 }
        let (training, held) = try #require(data.groupHoldout(indices, random: &random))
        let heldGroups = Set(held.map { data.groups![$0] })
        #expect(heldGroups.count == 1 && held.count == 6)
        #expect(training.allSatisfy { !heldGroups.contains(data.groups![$0]) })
        #expect((training + held).sorted() == indices)
        #expect(data.groupHoldout(indices.filter { $0 % 4 == 0 }, random: &random) == nil)
        data.groups = nil
        #expect(data.groupHoldout(indices, random: &random) == nil)
    }

    /// Noisy data with more features than the training part has rows: L-BFGS's validation loss
    /// rises after a few iterations, and training stops `patience` iterations after its lowest
    /// point, which the refit then trains for.
    @Test func lbfgsStopsPatienceIterationsAfterTheBestValidationLossAndRefits() {
        let data = blobs(classes: 3, perClass: 20, dimensions: 80, spread: 3, seed: 4)
        let options = TrainingOptions()
        let (_, curve) = Trainer(options: options).fit(data, rows: Array(0..<data.rows))
        let lowest = curve.validationLoss.min()
        #expect(lowest != nil && curve.validationLoss[curve.bestEpoch] == lowest)
        #expect(curve.validationLoss.count == curve.bestEpoch + 1 + options.patience)
        #expect(curve.bestEpoch + 1 < options.epochs)
        #expect(curve.refit?.count == curve.bestEpoch + 1)
    }

    /// In cross-validation each fold's model holds out another fold; with no share held out,
    /// L-BFGS trains on every row to convergence.
    @Test func crossValidationHoldsOutAFoldUnlessTheShareIsZero() async throws {
        let data = blobs(classes: 3, perClass: 30, dimensions: 6, spread: 2)
        let folds = (0..<data.rows).map { $0 % 3 }
        var options = TrainingOptions()
        let held = try await CrossValidation.outOfFold(data, folds: folds, trainer: Trainer(options: options), jobs: 2)
        #expect(held.curves.allSatisfy { !$0.validationLoss.isEmpty && $0.refit != nil })
        #expect(!held.finalCurve.validationLoss.isEmpty)
        options.validationFraction = 0
        let all = try await CrossValidation.outOfFold(data, folds: folds, trainer: Trainer(options: options), jobs: 2)
        #expect(all.curves.allSatisfy { $0.validationLoss.isEmpty && $0.trainLoss.count > 1 })
    }
}

/// Validation rows share the objective's first product and are scored at every evaluation.
@Suite struct SoftmaxRegressionValidationTests {
    @Test(arguments: [OutputActivation.softmax, .sigmoid])
    func validationRowsAreScoredLikeTheNetworkAndChangeNothingElse(output: OutputActivation) throws {
        var random = SeededRandom(seed: 11)
        let training = (0..<20).map { _ in Float(random.normal()) }
        let validation = (0..<12).map { _ in Float(random.normal()) }
        let targets: [Float] = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0]
        let validationTargets: [Float] = [0, 0, 1, 1, 0, 0, 0, 1, 0]
        var plain = SoftmaxRegressionObjective(
            inputs: training, targets: targets, weights: [1, 2, 1, 0.5, 1], rows: 5, columns: 4, classes: 3,
            l2: 0.05, output: output)
        var scored = SoftmaxRegressionObjective(
            inputs: training + validation, targets: targets, weights: [1, 2, 1, 0.5, 1], rows: 5,
            validationTargets: validationTargets, columns: 4, classes: 3, l2: 0.05, output: output)
        #expect(plain.validationScore == nil && scored.validationScore == nil)
        let point = SoftmaxRegressionTests.parameters(seed: 3, count: plain.parameterCount)
        let alone = plain.evaluate(point), together = scored.evaluate(point)
        #expect(alone.value == together.value && alone.gradient == together.gradient)
        #expect(plain.validationScore == nil)
        let network = Network(
            layers: [DenseLayer(inputs: 4, outputs: 3, weights: Array(point[..<12]), bias: Array(point[12...]))],
            output: output)
        let expected = Validation.score(
            network.probabilities(validation, rows: 3), validationTargets, classes: 3, multiLabel: output == .sigmoid)
        let score = try #require(scored.validationScore)
        #expect(abs(score.loss - expected.loss) < 1e-6 && score.accuracy == expected.accuracy)
        #expect(score.loss > 0)
    }
}
