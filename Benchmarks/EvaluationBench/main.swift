// The Swift side of `make bench-eval`: times the classification report and confusion matrix over
// 1,000,000 predictions in 50 classes and confident learning over 100,000 × 50 probabilities, and
// writes the data and the flagged tracks so the Python baseline runs on exactly the same input.
import Evaluation
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: tagmine-bench-eval WORK_FOLDER\n".utf8))
    exit(64)
}
let work = arguments[1]
let classes = 50

/// A deterministic stream of uniform doubles (SplitMix64).
struct Stream {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func write<T>(_ values: [T], to name: String) throws {
    try values.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: "\(work)/\(name)"))
}

// 1. Report and confusion matrix over 1,000,000 predictions.
var stream = Stream(state: 1)
let n = 1_000_000
let truth = (0..<n).map { _ in Int(stream.next() * Double(classes)) }
let predicted = truth.map { stream.next() < 0.7 ? $0 : Int(stream.next() * Double(classes)) }
try write(truth.map(Int64.init), to: "eval-truth.i64")
try write(predicted.map(Int64.init), to: "eval-predicted.i64")
let names = (0..<classes).map { "class \($0)" }
var reportText = ""
let reportSeconds = seconds {
    let report = ClassificationReport(truth: truth, predicted: predicted, names: names)
    _ = ConfusionMatrix(truth: truth, predicted: predicted, labels: Array(0..<classes))
    reportText = report.text()
}

// 2. Confident learning over 100,000 × 50 probabilities (10 % of the given labels wrong).
let tracks = 100_000
var given = [Int](), probabilities = [Double]()
given.reserveCapacity(tracks)
probabilities.reserveCapacity(tracks * classes)
for _ in 0..<tracks {
    let actual = Int(stream.next() * Double(classes))
    var row = (0..<classes).map { _ in stream.next() }
    row[actual] += 2 + 6 * stream.next()
    let exps = row.map { exp($0) }, total = exps.reduce(0, +)
    probabilities += exps.map { $0 / total }
    given.append(stream.next() < 0.1 ? Int(stream.next() * Double(classes)) : actual)
}
try write(given.map(Int64.init), to: "eval-given.i64")
try write(probabilities, to: "eval-probabilities.f64")
var flagged = Set<Int>()
let data = OutOfFoldProbabilities(given: given, probabilities: probabilities, classes: classes)
let issueSeconds = seconds { flagged = ConfidentLearning.labelIssues(data) }
try write(flagged.sorted().map(Int64.init), to: "eval-flagged.i64")

let result: [String: Any] = [
    "report_seconds": reportSeconds, "issues_seconds": issueSeconds, "flagged": flagged.count,
    "report_text": reportText,
]
let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
