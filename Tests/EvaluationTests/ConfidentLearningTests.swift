import Evaluation
import Foundation
import TagmineTestSupport
import Testing

/// cleanlab's findings on committed probabilities (Fixtures/make_cleanlab_fixtures.py wrote them).
private struct CleanlabFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var classes: Int
        var given: [Int]
        var probabilities: [Double]
        var issues: [Int]
        var confident_joint: [[Int]]

        var data: OutOfFoldProbabilities {
            OutOfFoldProbabilities(given: given, probabilities: probabilities, classes: classes)
        }
    }

    var cleanlab: String
    var cases: [Case]

    static func load() throws -> CleanlabFixture {
        try fixture(CleanlabFixture.self, named: "cleanlab_issues.json")
    }
}

@Suite struct ConfidentLearningTests {
    @Test func theConfidentJointIsCleanlabs() throws {
        for testCase in try CleanlabFixture.load().cases {
            #expect(ConfidentLearning.confidentJoint(testCase.data) == testCase.confident_joint, "\(testCase.name)")
        }
    }

    @Test func flaggedTracksAgreeWithCleanlabsFindLabelIssues() throws {
        let fixture = try CleanlabFixture.load()
        #expect(fixture.cases.count == 3)
        for testCase in fixture.cases {
            let ours = ConfidentLearning.labelIssues(testCase.data), theirs = Set(testCase.issues)
            let jaccard = Double(ours.intersection(theirs).count) / Double(ours.union(theirs).count)
            #expect(
                jaccard >= 0.95, "\(testCase.name): Jaccard \(jaccard), \(ours.count) flagged against \(theirs.count)")
        }
    }
}
