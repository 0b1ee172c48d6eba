import Evaluation
import Foundation
import TagmineTestSupport
import Testing

/// scikit-learn's multi-label metrics for the committed cases (Fixtures/make_sklearn_multilabel.py).
private struct MultiLabelFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var truth: [[Int]]
        var scores: [[Double]]
        var thresholds: [Double]
        var report: [String: [String: [String: Double?]]]
        var text: String
        var text4: String
        var rocAUC: [Double?]
        var averagePrecision: [Double?]
        var microROCAUC: Double
        var microAveragePrecision: Double
    }
    var cases: [Case]
}

@Suite struct MultiLabelReportTests {
    private static let fixture = Result {
        try TagmineTestSupport.fixture(MultiLabelFixture.self, named: "sklearn_multilabel.json")
    }

    private static func report(_ entry: MultiLabelFixture.Case, _ zeroDivision: ZeroDivision) -> MultiLabelReport {
        MultiLabelReport(
            truth: entry.truth.map { row in row.indices.filter { row[$0] == 1 } }, scores: entry.scores.flatMap { $0 },
            thresholds: entry.thresholds, names: (0..<entry.thresholds.count).map { "tag \($0)" },
            zeroDivision: zeroDivision)
    }

    private static func same(_ ours: Double, _ theirs: Double?) -> Bool {
        guard let theirs else { return ours.isNaN }
        return abs(ours - theirs) < 1e-12
    }

    @Test(arguments: ["basic", "edge"])
    func matchesScikitLearnsReportAtEveryZeroDivision(_ name: String) throws {
        let entry = try #require(try Self.fixture.get().cases.first { $0.name == name })
        for (key, zeroDivision) in [("0", ZeroDivision.zero), ("1", .one), ("nan", .nan)] {
            let expected = try #require(entry.report[key])
            let report = Self.report(entry, zeroDivision)
            let rows = report.classes.map(\.row) + [report.micro, report.macro, report.weighted, report.samples]
            #expect(rows.count == expected.count, "\(name) zero_division=\(key)")
            for row in rows {
                let theirs = try #require(expected[row.name], "\(row.name) is missing")
                #expect(Self.same(row.precision, theirs["precision"] ?? nil), "\(name) \(key) \(row.name) precision")
                #expect(Self.same(row.recall, theirs["recall"] ?? nil), "\(name) \(key) \(row.name) recall")
                #expect(Self.same(row.f1, theirs["f1-score"] ?? nil), "\(name) \(key) \(row.name) f1")
                #expect(Double(row.support) == theirs["support"] ?? nil, "\(name) \(key) \(row.name) support")
            }
        }
        let report = Self.report(entry, .zero)
        #expect(report.text() == entry.text)
        #expect(report.text(digits: 4) == entry.text4)
    }

    @Test(arguments: ["basic", "edge"])
    func rankingMetricsMatchScikitLearnWithTiesAndClassesWithoutPositives(_ name: String) throws {
        let entry = try #require(try Self.fixture.get().cases.first { $0.name == name })
        let report = Self.report(entry, .zero)
        for (index, row) in report.classes.enumerated() {
            #expect(row.rocAUC.map { abs($0 - (entry.rocAUC[index] ?? .nan)) < 1e-12 } ?? (entry.rocAUC[index] == nil))
            #expect(
                row.averagePrecision.map { abs($0 - (entry.averagePrecision[index] ?? .nan)) < 1e-12 }
                    ?? (entry.averagePrecision[index] == nil), "\(name) tag \(index) average precision")
        }
        #expect(abs((report.microROCAUC ?? .nan) - entry.microROCAUC) < 1e-12)
        #expect(abs((report.microAveragePrecision ?? .nan) - entry.microAveragePrecision) < 1e-12)
        #expect(report.classes.contains { $0.rocAUC != nil })
    }
}
