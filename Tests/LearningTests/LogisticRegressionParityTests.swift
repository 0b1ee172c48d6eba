import Foundation
import Records
import TagmineTestSupport
import Testing

@testable import Learning

/// Softmax regression's L-BFGS with L2 `1 / n` against scikit-learn's converged `StandardScaler` +
/// `LogisticRegression(C=1)` (Fixtures/make_sklearn_logistic.py): the same objective at the
/// optimum and the same probabilities.
@Suite struct LogisticRegressionParityTests {
    struct Document: Decodable {
        struct Case: Decodable {
            var name: String
            var classWeight: ClassWeighting
            var classes: Int
            var features: [[Float]]
            var labels: [Int]
            var probabilities: [[Double]]
            var objective: Double
        }
        var cases: [Case]
    }

    static let document: Document? = try? fixture(Document.self, named: "sklearn_logistic.json")

    @Test func theFixturesAreThere() throws {
        #expect(try #require(Self.document).cases.count == 3)
    }

    @Test(arguments: 0..<3)
    func lbfgsReachesScikitLearnsOptimum(index: Int) throws {
        let sample = try #require(Self.document).cases[index]
        let rows = sample.labels.count, columns = sample.features[0].count
        let data = LabeledData(
            features: sample.features.flatMap { $0 }, rows: rows, columns: columns,
            classes: (0..<sample.classes).map { "class \($0)" }, labels: sample.labels.map { [$0] }, multiLabel: false)
        var options = TrainingOptions()
        options.classWeight = sample.classWeight
        options.epochs = 1_000
        // Nothing held out: L-BFGS runs to convergence, as scikit-learn's does.
        options.validationFraction = 0
        options.l2 = 1 / Float(rows)
        let (classifier, curve) = Trainer(options: options).fit(data, rows: Array(0..<rows))
        // The objective at Tagmine's optimum is no higher than scikit-learn's (to float32 noise).
        let reached = try #require(curve.trainLoss.last)
        #expect(Double(reached) <= sample.objective + 1e-5, "\(sample.name)")
        #expect(Double(reached) >= sample.objective - 1e-4, "\(sample.name)")
        let probabilities = classifier.probabilities(data.features, rows: rows)
        var largest = 0.0
        for row in 0..<rows {
            for column in 0..<sample.classes {
                largest = max(
                    largest,
                    abs(Double(probabilities[row * sample.classes + column]) - sample.probabilities[row][column]))
            }
        }
        #expect(largest < 2e-3, "\(sample.name): largest probability difference \(largest)")
    }
}
