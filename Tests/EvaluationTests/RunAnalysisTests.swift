import Evaluation
import Foundation
import Testing

/// Out-of-fold probabilities for `perClass` tracks of each of four classes: classes 0, 1 and 3 are
/// recognised; class 2 ("pops") is predicted as 0 or 1 most of the time.
private func ambiguousData(perClass: Int = 50) -> OutOfFoldProbabilities {
    var given: [Int] = [], probabilities: [Double] = []
    for label in 0..<4 {
        for index in 0..<perClass {
            var row = [0.02, 0.02, 0.02, 0.02]
            let target = label == 2 && index % 5 != 0 ? index % 2 : label
            if target == label {
                row[target] = 0.92 - Double(index % 7) * 0.01
            } else {
                // Confidently another class, more so than that class's own tracks on average.
                row = [0.004, 0.004, 0.004, 0.004]
                row[target] = 0.98
                row[label] = 0.012
            }
            let total = row.reduce(0, +)
            given.append(label)
            probabilities += row.map { $0 / total }
        }
    }
    return OutOfFoldProbabilities(given: given, probabilities: probabilities, classes: 4)
}

private let names = ["rock", "ballad", "pops", "electric guitar"]

@Suite struct RunAnalysisTests {
    @Test func theAmbiguousClassIsWorstAndItsPairsOverlapMost() {
        let analysis = RunAnalysis(ambiguousData(), names: names)
        #expect(analysis.quality.first?.name == "pops")
        #expect(analysis.quality.first!.selfConfidence < 0.3 && analysis.quality.last!.selfConfidence > 0.8)
        let top = analysis.overlaps.prefix(2).map { Set([$0.first, $0.second]) }
        #expect(top.allSatisfy { $0.contains("pops") })
        #expect(analysis.issues.allSatisfy { $0.given == "pops" } && analysis.issues.count >= 30)
        #expect(zip(analysis.issues, analysis.issues.dropFirst()).allSatisfy { $0.margin >= $1.margin })
        let shares = analysis.confusions(of: "pops")
        #expect(shares.map(\.className) == ["rock", "ballad"] || shares.map(\.className) == ["ballad", "rock"])
    }

    @Test func suggestsDroppingTheClassTheAudioCannotSupport() {
        let analysis = RunAnalysis(ambiguousData(), names: names)
        let trackIDs = (0..<200).map { String(format: "T%03d", $0) }

        let suggestions = analysis.suggestions(version: "genre v1", trackIDs: trackIDs)

        let drop = suggestions.first
        #expect(drop?.kind == .drop && drop?.command == "tagmine relabel 'genre v1' --drop pops")
        #expect(drop?.reason.contains("F1") == true && drop?.reason.contains("as rock") == true)
        #expect(drop?.operations == [.drop("pops")])
        #expect(!suggestions.contains { $0.kind == .merge && $0.classes.contains("pops") })
    }

    @Test func suggestsMergingTwoClassesTheModelSwapsAndFixingConfidentOutliers() {
        var given: [Int] = [], probabilities: [Double] = []
        for label in 0..<3 {
            for index in 0..<40 {
                // Classes 0 and 1 are swapped a third of the time; track 5 of class 2 looks like class 0.
                var target = label
                if label < 2 && index % 3 == 0 { target = 1 - label }
                if label == 2 && index == 5 { target = 0 }
                var row = [0.05, 0.05, 0.05]
                row[target] = 0.9
                if label == 2 && index == 5 { row = [0.96, 0.02, 0.02] }
                given.append(label)
                probabilities += row
            }
        }
        let data = OutOfFoldProbabilities(given: given, probabilities: probabilities, classes: 3)
        let analysis = RunAnalysis(data, names: ["synth", "electric guitar", "piano"])
        let trackIDs = (0..<120).map { "X\($0)" }

        let suggestions = analysis.suggestions(version: "7", trackIDs: trackIDs)

        let merge = suggestions.first { $0.kind == .merge }
        #expect(merge?.command == "tagmine relabel 7 --merge 'synth,electric guitar=synth'")
        let fix = suggestions.first { $0.kind == .fix }
        // The outlier has the largest margin, so it leads the fixes.
        #expect(fix?.command.hasPrefix("tagmine relabel 7 --set X85=synth --set ") == true)
        #expect(merge?.operations == [.merge(["synth", "electric guitar"], into: "synth")])
        let note = "confident out-of-fold predictions"
        #expect(fix?.operations.first == .set(track: "X85", classes: ["synth"], note: note))
        #expect(fix.map { $0.operations.count == $0.command.components(separatedBy: " --set ").count - 1 } == true)
    }

    @Test func chartsAndPagesEscapeEveryUserString() throws {
        let hostile = ["<script>alert(1)</script>", "a&b", "\"quoted\"", "it's"]
        var given: [Int] = [], probabilities: [Double] = []
        for label in 0..<4 {
            for _ in 0..<5 {
                given.append(label)
                probabilities += (0..<4).map { $0 == label ? 0.7 : 0.1 }
            }
        }
        let analysis = RunAnalysis(
            OutOfFoldProbabilities(given: given, probabilities: probabilities, classes: 4), names: hostile)
        let document = ReportDocument(
            run: .init(
                id: 1, name: "<b>run</b>", labelSet: "v&1", extractor: "logmel-stats", model: "softmax", folds: 5,
                tracks: 20, skipped: 0, seconds: 1, createdBy: "<i>me</i>", createdAt: Date(timeIntervalSince1970: 0)),
            analysis: analysis, normalization: .truth, trackIDs: (0..<20).map { "<t\($0)>" }, suggestions: [],
            traces: ["<img src=x>"], curves: [.init(name: "fold <1>", values: [1, 0.5])])

        let html = HTMLReport.page(document), svg = SVGReport.document(document, title: "<title>")

        for text in [html, svg] {
            #expect(
                !text.contains("<script>") && !text.contains("<b>run") && !text.contains("<img")
                    && !text.contains("<t1>"))
        }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("it&#39;s"))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.contains("a&amp;b"))
        let json = try JSONSerialization.jsonObject(with: document.json()) as? [String: Any]
        #expect((json?["classes"] as? [String]) == hostile)
    }
}
