import Evaluation
import Foundation
import TagmineTestSupport
import Testing

/// scikit-learn's reports for the committed cases (Fixtures/make_sklearn_fixtures.py wrote them).
private struct Fixture: Decodable {
    struct Case: Decodable {
        var name: String
        var labels: [Int]?
        var truth: [Int]?
        var predicted: [Int]?
        var zero_division: [String: [String: Entry]]
        var text: String
        var text4: String
        var confusion: [String: [[Double?]]]
    }

    /// A report row, or the bare accuracy.
    enum Entry: Decodable {
        case row([String: Double?])
        case value(Double?)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let row = try? container.decode([String: Double?].self) {
                self = .row(row)
            } else {
                self = .value(try container.decode(Double?.self))
            }
        }
    }

    var sklearn: String
    var cases: [Case]

    static func load() throws -> Fixture {
        try fixture(Fixture.self, named: "sklearn_reports.json")
    }
}

/// The 100,000-prediction case, from the formula the fixture script uses.
private func largeCase() -> ([Int], [Int]) {
    let truth = (0..<100_000).map { ($0 * 7919 + $0 / 50) % 50 }
    let predicted = truth.indices.map { i in (i * 2_654_435_761) % 97 < 70 ? truth[i] : (i * 31 + 7) % 50 }
    return (truth, predicted)
}

private let names = (0..<50).map { "class \($0)" }

private func same(_ ours: Double, _ theirs: Double?) -> Bool {
    guard let theirs else { return ours.isNaN }
    return abs(ours - theirs) < 1e-12
}

@Suite struct ScikitLearnParityTests {
    private func inputs(_ fixture: Fixture.Case) -> ([Int], [Int]) {
        fixture.name == "large" ? largeCase() : (fixture.truth ?? [], fixture.predicted ?? [])
    }

    @Test func reportsEqualScikitLearnsForEveryCaseAndZeroDivision() throws {
        let fixture = try Fixture.load()
        #expect(
            fixture.cases.map(\.name) == [
                "basic", "never-predicted", "no-true-samples", "single-class", "subset-labels", "large",
            ])
        for testCase in fixture.cases {
            let (truth, predicted) = inputs(testCase)
            for (key, expected) in testCase.zero_division {
                let zeroDivision: ZeroDivision = key == "nan" ? .nan : key == "1" ? .one : .zero
                let report = ClassificationReport(
                    truth: truth, predicted: predicted, names: names, labels: testCase.labels,
                    zeroDivision: zeroDivision)
                var rows = report.classes + [report.macro, report.weighted]
                if let micro = report.micro { rows.append(micro) }
                #expect(
                    Set(expected.keys) == Set(rows.map(\.name) + (report.accuracy == nil ? [] : ["accuracy"])),
                    "\(testCase.name)")
                for row in rows {
                    guard case .row(let theirs) = expected[row.name] else {
                        Issue.record("\(testCase.name): no \(row.name)")
                        continue
                    }
                    #expect(
                        same(row.precision, theirs["precision"] ?? nil), "\(testCase.name) \(key) \(row.name) precision"
                    )
                    #expect(same(row.recall, theirs["recall"] ?? nil), "\(testCase.name) \(key) \(row.name) recall")
                    #expect(same(row.f1, theirs["f1-score"] ?? nil), "\(testCase.name) \(key) \(row.name) f1")
                    #expect(Double(row.support) == theirs["support"] ?? nil, "\(testCase.name) \(row.name) support")
                }
                if case .value(let accuracy) = expected["accuracy"] {
                    #expect(same(report.accuracy ?? -1, accuracy), "\(testCase.name) accuracy")
                }
            }
        }
    }

    @Test func textReportsAreScikitLearnsByteForByte() throws {
        for testCase in try Fixture.load().cases {
            let (truth, predicted) = inputs(testCase)
            let report = ClassificationReport(truth: truth, predicted: predicted, names: names, labels: testCase.labels)
            #expect(report.text() == testCase.text, "\(testCase.name)")
            #expect(report.text(digits: 4) == testCase.text4, "\(testCase.name)")
        }
    }

    @Test func confusionMatricesAndTheirNormalisationsEqualScikitLearns() throws {
        for testCase in try Fixture.load().cases {
            let (truth, predicted) = inputs(testCase)
            let labels = testCase.labels ?? Set(truth).union(predicted).sorted()
            let matrix = ConfusionMatrix(truth: truth, predicted: predicted, labels: labels)
            for normalization in ConfusionMatrix.Normalization.allCases {
                let expected = try #require(testCase.confusion[normalization.rawValue])
                let ours = matrix.normalized(normalization)
                #expect(ours.count == expected.count)
                for (row, theirs) in zip(ours, expected) {
                    #expect(zip(row, theirs).allSatisfy { same($0, $1) }, "\(testCase.name) \(normalization)")
                }
            }
        }
    }
}
