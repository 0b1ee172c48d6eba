// Times fine-tuning epochs of musicnn (`tagmine train --model musicnn-msd --fine-tune DEPTH`'s
// trainer, no validation part) on random 3-second input patches with random labels, and prints
// JSON for Benchmarks/PretrainedBaseline/run.py.
//
//   tagmine-bench-finetune MODELS_DIR DEPTH PATCHES EPOCHS BATCH PARALLEL
//
// PARALLEL trainings run at once (Tagmine's BLAS is single-threaded: two cores train two folds);
// the seconds per epoch are per training, from the second epoch on (the first includes the
// extraction head's training on the pretrained embeddings).
import Foundation
import Learning
import Pretrained

let arguments = CommandLine.arguments
guard arguments.count == 7, let depth = FineTuning(rawValue: arguments[2]), let patches = Int(arguments[3]),
    let epochs = Int(arguments[4]), epochs >= 2, let batch = Int(arguments[5]), let parallel = Int(arguments[6])
else {
    FileHandle.standardError.write(Data("usage: see the comment at the top of main.swift\n".utf8))
    exit(64)
}
let weights = try ModelDirectory(path: arguments[1]).weights(.msd)
let shape = MusicnnWeights.shape, classes = 4
var random = SystemRandomNumberGenerator()
// musicnn's input values: log10(10000·x + 1) of mel powers, about 0–4.
let data = LabeledData(
    features: (0..<(patches * shape.mels * shape.frames)).map { _ in Float.random(in: 0..<4, using: &random) },
    rows: patches, columns: shape.mels * shape.frames, sampleShape: [shape.mels, shape.frames],
    classes: (0..<classes).map { "c\($0)" }, labels: (0..<patches).map { [$0 % classes] }, multiLabel: false)

var options = TrainingOptions.defaults(for: .musicnnMSD)
options.fineTune = depth
options.validationFraction = 0
options.epochs = epochs
options.patience = epochs
options.batchSize = batch
let trainer = try MusicnnTrainer(options: options, shape: shape, pretrained: weights.trainable)

/// When each epoch of each training ended.
final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var ends: [Int: [Date]] = [:]

    func record(_ training: Int) {
        lock.withLock { ends[training, default: []].append(Date()) }
    }

    /// Seconds per epoch after the first, averaged over the trainings.
    var secondsPerEpoch: Double {
        lock.withLock {
            let spans = ends.values.map { $0.last!.timeIntervalSince($0.first!) / Double($0.count - 1) }
            return spans.reduce(0, +) / Double(spans.count)
        }
    }
}

let clock = Clock()
let started = Date()
await withTaskGroup(of: Void.self) { group in
    for training in 0..<parallel {
        group.addTask {
            _ = trainer.fit(
                data, rows: Array(0..<patches), seed: UInt64(training), fold: training + 1,
                progress: { _ in clock.record(training) })
        }
    }
}
let document: [String: Any] = [
    "depth": depth.rawValue, "patches": patches, "batch": batch, "parallel": parallel,
    "secondsPerEpoch": clock.secondsPerEpoch, "seconds": Date().timeIntervalSince(started),
]
print(String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self))
