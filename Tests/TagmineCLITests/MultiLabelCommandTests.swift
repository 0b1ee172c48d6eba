import Foundation
import TagmineTestSupport
import Testing

/// A multi-label run (instruments) reported through the command line.
@Suite struct MultiLabelCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func reportsAMultiLabelRunPerClassWithRankingMetricsAndAQueue() throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "60", "--seconds", "1").status == 0)
        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)
        #expect(try tagmine("label", "instrument", "--name", "instruments").status == 0)
        #expect(try tagmine("features").status == 0)
        let train = try tagmine("train", "instruments", "--folds", "3")
        #expect(train.status == 0 && train.stdout.contains("(multi-label)"), "\(train.stdout)\(train.stderr)")

        let text = try tagmine("report", "1")
        #expect(text.status == 0, "\(text.stderr)")
        for line in ["micro avg", "macro avg", "weighted avg", "samples avg", "ROC-AUC", "average precision"] {
            #expect(text.stdout.contains(line), "\(line) missing from:\n\(text.stdout)")
        }
        #expect(text.stdout.contains("Review queue ("), "\(text.stdout)")
        #expect(text.stdout.contains("multi-label"))

        let json = try tagmine("report", "1", "--format", "json")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        let report = try #require(document["report"] as? [String: Any])
        let classes = try #require(report["classes"] as? [[String: Any]])
        #expect(classes.count >= 3 && classes.allSatisfy { $0["threshold"] is Double })
        let queue = try #require(document["queue"] as? [[String: Any]])
        #expect(!queue.isEmpty && queue.allSatisfy { $0["given"] is Bool && $0["probability"] is Double })

        let csv = try tagmine("report", "1", "--format", "csv")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "class,precision,recall,f1,support,threshold,roc_auc,average_precision")
        #expect(lines.count == classes.count + 5 && lines.last?.hasPrefix("samples avg,") == true)

        let rows = try tagmine("report", "1", "--predictions", "--format", "jsonl")
        let first = try #require(rows.stdout.split(separator: "\n").first)
        let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        #expect(object?["predicted"] is [String] && object?["given"] is [String], "\(first)")

        let html = try tagmine("report", "1", "--format", "html")
        #expect(html.status == 64 && html.stderr.contains("text, csv or json"), "\(html.stderr)")
    }
}
