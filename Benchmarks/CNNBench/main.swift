// Trains a CNN k-fold on spectrograms from a file, as `tagmine train --model cnn` does with
// augmentation off, and prints the timings as JSON for Benchmarks/CNNBaseline/run.py.
//
//   tagmine-bench-cnn --architecture compact --print     the architecture's TOML, for the baseline
//   tagmine-bench-cnn DATA.f32 LABELS.i32 FOLDS.i32 MELS FRAMES CLASSES EPOCHS BATCH JOBS ARCHITECTURE
import Foundation
import Learning
import Workflows

let arguments = CommandLine.arguments
if arguments.count == 4 && arguments[3] == "--print" {
    print(ArchitectureLibrary.text(of: arguments[2]) ?? "")
    exit(0)
}
guard arguments.count == 11, let mels = Int(arguments[4]), let frames = Int(arguments[5]),
    let classCount = Int(arguments[6]), let epochs = Int(arguments[7]), let batch = Int(arguments[8]),
    let jobs = Int(arguments[9])
else {
    FileHandle.standardError.write(Data("usage: see the comment at the top of main.swift\n".utf8))
    exit(64)
}

func read<T>(_ path: String, as: T.Type) -> [T] {
    let data = FileManager.default.contents(atPath: path) ?? Data()
    return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
}

let features = read(arguments[1], as: Float.self)
let labels = read(arguments[2], as: Int32.self).map { [Int($0)] }
let folds = read(arguments[3], as: Int32.self).map(Int.init)
let data = LabeledData(
    features: features, rows: labels.count, columns: mels * frames, sampleShape: [mels, frames],
    classes: (0..<classCount).map { "c\($0)" }, labels: labels, multiLabel: false)

var options = TrainingOptions.defaults(for: .cnn)
options.convolution = .plain
options.mixup = 0
options.validationFraction = 0
options.epochs = epochs
options.patience = epochs
options.batchSize = batch
options.l2 = 0
options.schedule = .constant
let trainer = ConvTrainer(
    options: options, architecture: try ArchitectureLibrary.architecture(arguments[10]), cropFrames: frames)

let started = Date()
let outcome = try await CrossValidation.outOfFold(data, folds: folds, trainer: trainer, jobs: jobs)
let seconds = Date().timeIntervalSince(started)
var hits = 0
for row in 0..<data.rows {
    let scores = outcome.probabilities[(row * classCount)..<((row + 1) * classCount)]
    if scores.indices.max(by: { scores[$0] < scores[$1] }).map({ $0 - row * classCount }) == labels[row][0] {
        hits += 1
    }
}
let clips = (0..<data.rows).map { row in
    FeatureMatrix(
        rows: mels, columns: frames, values: Array(features[(row * mels * frames)..<((row + 1) * mels * frames)]))
}
let predictStarted = Date()
_ = outcome.final.probabilities(clips)
let predictSeconds = Date().timeIntervalSince(predictStarted)
let trainings = (folds.max() ?? 0) + 2
let report: [String: Any] = [
    "seconds": seconds, "epochSeconds": seconds / Double(trainings * epochs),
    "accuracy": Double(hits) / Double(data.rows),
    "predictPer1000": predictSeconds / Double(data.rows) * 1000, "blasCore": BLAS.core,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
