import AudioFeatures
import Foundation
import Testing

@testable import Learning

/// `perClass` points per class around well-separated centres in `dimensions` dimensions.
func blobs(classes: Int, perClass: Int, dimensions: Int, spread: Float = 0.3, seed: UInt64 = 1) -> LabeledData {
    var random = SeededRandom(seed: seed)
    var features: [Float] = [], labels: [[Int]] = []
    for label in 0..<classes {
        for _ in 0..<perClass {
            for d in 0..<dimensions {
                let centre: Float = d % classes == label ? 3 : 0
                features.append(centre + spread * Float(random.normal()))
            }
            labels.append([label])
        }
    }
    return LabeledData(
        features: features, rows: classes * perClass, columns: dimensions,
        classes: (0..<classes).map { "class \($0)" }, labels: labels, multiLabel: false)
}

func accuracy(_ probabilities: [Float], _ data: LabeledData) -> Float {
    let classes = data.classes.count
    let correct = (0..<data.rows).filter { row in
        let scores = probabilities[(row * classes)..<((row + 1) * classes)]
        return scores.indices.max { scores[$0] < scores[$1] }.map { $0 - row * classes } == data.labels[row][0]
    }
    return Float(correct.count) / Float(data.rows)
}

@Suite struct GradientTests {
    @Test(arguments: [OutputActivation.softmax, .sigmoid])
    func backpropagationMatchesFiniteDifferences(output: OutputActivation) {
        var random = SeededRandom(seed: 3)
        let network = Network(inputs: 3, hidden: [4], outputs: 3, output: output, random: &random)
        let trainer = NetworkTrainer(network: network, optimizer: .adam, l2: 0.05, dropout: 0)
        let inputs = (0..<15).map { _ in Float(random.normal()) }
        // Softmax targets sum to 1 per row (one-hot, or mixed by mixup); sigmoid ones need not.
        let last: [Float] = output == .softmax ? [0, 0.3, 0.7] : [0, 1, 1]
        let targets: [Float] = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0] + last
        let weights: [Float] = [1, 2, 1, 0.5, 1]
        var unused = SeededRandom(seed: 0)
        let (gradients, _) = trainer.gradients(
            inputs: inputs, targets: targets, weights: weights, rows: 5, random: &unused)

        func loss(_ network: Network) -> Double {
            var unused = SeededRandom(seed: 0)
            let probe = NetworkTrainer(network: network, optimizer: .adam, l2: 0.05, dropout: 0)
            let loss = probe.gradients(inputs: inputs, targets: targets, weights: weights, rows: 5, random: &unused)
                .loss
            return Double(loss + probe.penalty)
        }
        var worst = 0.0
        for slot in gradients.indices {
            let layer = slot / 2, isBias = slot % 2 == 1
            for i in gradients[slot].indices {
                var plus = network, minus = network
                let h: Float = 1e-2
                if isBias {
                    plus.layers[layer].bias[i] += h
                    minus.layers[layer].bias[i] -= h
                } else {
                    plus.layers[layer].weights[i] += h
                    minus.layers[layer].weights[i] -= h
                }
                let numeric = (loss(plus) - loss(minus)) / Double(2 * h)
                worst = max(worst, abs(numeric - Double(gradients[slot][i])))
            }
        }
        #expect(worst < 2e-3, "largest |analytic − numeric| gradient difference \(worst)")
    }
}

@Suite struct TrainerTests {
    @Test(arguments: [ModelKind.softmax, .mlp])
    func separableBlobsAreLearnedPerfectly(model: ModelKind) {
        let data = blobs(classes: 4, perClass: 40, dimensions: 8)
        var options = TrainingOptions.defaults(for: model)
        options.hidden = [16]
        // The MLP with early stopping on a held-out tenth, for as long as it takes (its default is
        // 12 epochs on every row: three batches an epoch here would not be enough).
        if model == .mlp {
            options.epochs = 100
            options.validationFraction = 0.1
            options.schedule = .constant
        }
        let (classifier, curve) = Trainer(options: options).fit(data, rows: Array(0..<data.rows))
        #expect(accuracy(classifier.probabilities(data.features, rows: data.rows), data) == 1)
        #expect(curve.trainLoss.first! > curve.trainLoss.last!)
        // Both stop early on a held-out part; L-BFGS then refits on every row.
        #expect(curve.validationAccuracy[curve.bestEpoch] == 1)
        if model == .softmax { #expect((1...curve.bestEpoch + 1).contains(curve.refit?.count ?? 0)) }
    }

    @Test func anMLPLearnsXORWhichSoftmaxRegressionCannot() {
        var random = SeededRandom(seed: 9)
        var features: [Float] = [], labels: [[Int]] = []
        for _ in 0..<400 {
            let a = random.unit() < 0.5, b = random.unit() < 0.5
            features += [(a ? 1 : -1) + 0.1 * Float(random.normal()), (b ? 1 : -1) + 0.1 * Float(random.normal())]
            labels.append([a != b ? 1 : 0])
        }
        let data = LabeledData(
            features: features, rows: 400, columns: 2, classes: ["same", "different"], labels: labels, multiLabel: false
        )
        var options = TrainingOptions.defaults(for: .mlp)
        options.hidden = [16]
        options.dropout = 0
        let (mlp, _) = Trainer(options: options).fit(data, rows: Array(0..<400))
        let (linear, _) = Trainer(options: TrainingOptions()).fit(data, rows: Array(0..<400))
        #expect(accuracy(mlp.probabilities(features, rows: 400), data) > 0.97)
        #expect(accuracy(linear.probabilities(features, rows: 400), data) < 0.75)
    }

    @Test func theSameSeedGivesTheSameProbabilitiesToTheLastBit() async throws {
        let data = blobs(classes: 3, perClass: 30, dimensions: 6, spread: 2)
        var options = TrainingOptions.defaults(for: .mlp)
        options.hidden = [8]
        options.mixup = 0.4
        options.epochs = 15
        let folds = (0..<data.rows).map { $0 % 3 }
        let first = try await CrossValidation.outOfFold(data, folds: folds, trainer: Trainer(options: options), jobs: 2)
        let second = try await CrossValidation.outOfFold(
            data, folds: folds, trainer: Trainer(options: options), jobs: 1)
        options.seed = 43
        let other = try await CrossValidation.outOfFold(data, folds: folds, trainer: Trainer(options: options), jobs: 2)
        #expect(first.probabilities.map(\.bitPattern) == second.probabilities.map(\.bitPattern))
        #expect(first.probabilities != other.probabilities)
    }

    @Test func outOfFoldRowsComeFromTheModelThatDidNotSeeThemAndExcludedRowsStayEmpty() async throws {
        let data = blobs(classes: 2, perClass: 20, dimensions: 4)
        let folds = (0..<data.rows).map { $0 == 0 ? -1 : $0 % 4 }
        let result = try await CrossValidation.outOfFold(
            data, folds: folds, trainer: Trainer(options: TrainingOptions()), jobs: 2)
        #expect(result.curves.count == 4 && result.curves.allSatisfy { !$0.trainLoss.isEmpty })
        #expect(result.probabilities[0].isNaN && result.probabilities[1].isNaN)
        #expect(result.probabilities[2...].allSatisfy { !$0.isNaN })
        let rowSums = (1..<data.rows).map { result.probabilities[2 * $0] + result.probabilities[2 * $0 + 1] }
        #expect(rowSums.allSatisfy { abs($0 - 1) < 1e-5 })
    }

    /// Resuming: folds handed in as finished are not trained again, the others are reported as
    /// they finish, and the result is the one an uninterrupted run gives.
    @Test func finishedFoldsAreKeptAndTheRestGiveTheUninterruptedResult() async throws {
        let data = blobs(classes: 3, perClass: 20, dimensions: 5, spread: 2)
        var options = TrainingOptions()
        options.epochs = 12
        let folds = (0..<data.rows).map { $0 % 4 }
        let trainer = Trainer(options: options)
        let reported = FoldLog()
        let whole = try await CrossValidation.outOfFold(
            data, folds: folds, trainer: trainer, jobs: 2, onFold: { await reported.add($0) })
        let all = await reported.results
        #expect(all.map(\.fold).sorted() == [0, 1, 2, 3])

        let kept = all.filter { $0.fold == 0 || $0.fold == 2 }
        let retrained = FoldLog()
        let resumed = try await CrossValidation.outOfFold(
            data, folds: folds, trainer: trainer, jobs: 1, finished: kept, onFold: { await retrained.add($0) })
        #expect(await retrained.results.map(\.fold).sorted() == [1, 3])
        #expect(resumed.probabilities.map(\.bitPattern) == whole.probabilities.map(\.bitPattern))
        #expect(resumed.curves.map(\.trainLoss) == whole.curves.map(\.trainLoss))

        struct Stop: Error {}
        await #expect(throws: Stop.self) {
            _ = try await CrossValidation.outOfFold(
                data, folds: folds, trainer: trainer, jobs: 1, onFold: { _ in throw Stop() })
        }
    }

    /// Fine-tuning starts from pretrained weights in the raw feature space; after standardisation
    /// the first layer must compute exactly what they compute on raw features.
    @Test func aWarmStartIsFoldedIntoTheStandardisedSpace() {
        let data = blobs(classes: 2, perClass: 10, dimensions: 3, spread: 4)
        let standardizer = Standardizer(fitting: data.features, rows: data.rows, columns: 3)
        let start = WarmStart(inputs: 3, outputs: 2, weights: [0.5, -1, 2, 1.5, 0.25, -0.75], bias: [0.1, -0.2])
        let layer = start.layer(standardizedBy: standardizer)
        let z = standardizer.transform(data.features)
        for row in 0..<data.rows {
            for unit in 0..<2 {
                let raw = (0..<3).reduce(start.bias[unit]) {
                    $0 + start.weights[unit * 3 + $1] * data.features[row * 3 + $1]
                }
                let folded = (0..<3).reduce(layer.bias[unit]) { $0 + layer.weights[unit * 3 + $1] * z[row * 3 + $1] }
                #expect(abs(raw - folded) < 1e-4 * max(1, abs(raw)))
            }
        }
    }

    /// A dead channel's feature is a constant plus float32 noise; divided by that noise, a later
    /// change of 1e-4 (one fine-tuning step) would become a million standard deviations.
    @Test func featuresConstantUpToFloatNoiseAreLeftUnscaledAndSmallRealOnesAreNot() {
        var random = SeededRandom(seed: 3)
        var values: [Float] = []
        for _ in 0..<100 {
            values += [2.4e-6 + Float(random.normal()) * 1e-10, 0.004 + Float(random.normal()) * 5e-4, 3]
        }
        let standardizer = Standardizer(fitting: values, rows: 100, columns: 3)
        #expect(standardizer.scale[0] == 1)
        #expect(abs(standardizer.scale[1] - 5e-4) < 1e-4)
        #expect(standardizer.scale[2] == 1)
        let moved = standardizer.transform([2.4e-6 + 1e-4, 0.004, 3])
        #expect(abs(moved[0]) < 1e-3)
    }

    /// 37 columns: the vectorised sums and scaling (eight and sixteen at a time) and their tails
    /// give exactly what a plain column-by-column loop in double precision gives.
    @Test func standardisationMatchesAPlainLoopExactly() {
        var random = SeededRandom(seed: 9)
        let (rows, columns) = (50, 37)
        let values = (0..<(rows * columns)).map { Float(random.normal()) * Float($0 % columns + 1) + 3 }
        let standardizer = Standardizer(fitting: values, rows: rows, columns: columns)
        var expected: [Float] = []
        for column in 0..<columns {
            var sum = 0.0, squares = 0.0
            for row in 0..<rows { sum += Double(values[row * columns + column]) }
            let mean = sum / Double(rows)
            for row in 0..<rows {
                let d = Double(values[row * columns + column]) - mean
                squares += d * d
            }
            #expect(standardizer.mean[column] == Float(mean))
            #expect(standardizer.scale[column] == Float((squares / Double(rows)).squareRoot()))
        }
        for index in values.indices {
            let column = index % columns
            expected.append((values[index] - standardizer.mean[column]) / standardizer.scale[column])
        }
        #expect(standardizer.transform(values) == expected)
    }

    @Test func multiLabelHeadsGiveIndependentProbabilitiesAndPerClassThresholds() {
        var random = SeededRandom(seed: 5)
        var features: [Float] = [], labels: [[Int]] = []
        for _ in 0..<300 {
            let x = (0..<4).map { _ in Float(random.normal()) }
            features += x
            labels.append((0..<3).filter { x[$0] > 0 })
        }
        let data = LabeledData(
            features: features, rows: 300, columns: 4, classes: ["a", "b", "c"], labels: labels, multiLabel: true)
        let (classifier, _) = Trainer(options: TrainingOptions()).fit(data, rows: Array(0..<300))
        let probabilities = classifier.probabilities(features, rows: 300)
        #expect(classifier.multiLabel && classifier.thresholds?.count == 3)
        let correct = (0..<900).filter { (probabilities[$0] >= 0.5) == data.labels[$0 / 3].contains($0 % 3) }
        #expect(Float(correct.count) / 900 > 0.95)
        #expect(
            probabilities.indices.contains { index in
                index % 3 == 0 && probabilities[index] + probabilities[index + 1] > 1.2
            })
    }

    @Test func balancedClassWeightsRaiseTheRareClassRecall() {
        let common = blobs(classes: 2, perClass: 200, dimensions: 2, spread: 1.6, seed: 4)
        // Keep every class-0 track and a tenth of class 1.
        let rows = (0..<common.rows).filter { common.labels[$0][0] == 0 || $0 % 10 == 0 }
        var options = TrainingOptions()
        let (plain, _) = Trainer(options: options).fit(common, rows: rows)
        options.classWeight = .balanced
        let (balanced, _) = Trainer(options: options).fit(common, rows: rows)
        func recall(_ classifier: Classifier) -> Int {
            let p = classifier.probabilities(common.features, rows: common.rows)
            return (0..<common.rows).filter { common.labels[$0][0] == 1 && p[2 * $0 + 1] > p[2 * $0] }.count
        }
        #expect(recall(balanced) > recall(plain))
    }

    @Test func schedulesShapeTheLearningRate() {
        #expect(LearningRateSchedule.constant.rate(0.1, epoch: 7, epochs: 10, cycleEpochs: 4) == 0.1)
        #expect(abs(LearningRateSchedule.cosine.rate(0.1, epoch: 5, epochs: 10, cycleEpochs: 4) - 0.05) < 1e-6)
        #expect(LearningRateSchedule.cyclic.rate(0.1, epoch: 0, epochs: 10, cycleEpochs: 4) < 0.011)
        #expect(abs(LearningRateSchedule.cyclic.rate(0.1, epoch: 2, epochs: 10, cycleEpochs: 4) - 0.1) < 1e-6)
    }
}

@Suite struct ModelFileTests {
    @Test func aModelRoundTripsThroughItsFileAndRefusesAnotherExtractor() throws {
        let data = blobs(classes: 3, perClass: 20, dimensions: 5)
        var options = TrainingOptions.defaults(for: .mlp)
        options.hidden = [6, 4]
        let (classifier, _) = Trainer(options: options).fit(data, rows: Array(0..<data.rows))
        let spec = ExtractorSpec(.logmelStats)
        let bytes = try ModelFile(model: .dense(classifier), extractor: spec, training: options).encoded()

        let loaded = try ModelFile.decode(bytes, source: "m.json", expecting: spec)
        #expect(loaded.model == .dense(classifier) && loaded.training == options && loaded.extractor == spec)
        let first = FeatureMatrix(rows: 1, columns: data.columns, values: Array(data.features.prefix(data.columns)))
        #expect(loaded.probabilities(first) == classifier.probabilities(first.values, rows: 1))

        var other = spec
        other.mel.mels = 64
        let mismatch = #expect(throws: ModelFileError.self) {
            _ = try ModelFile.decode(bytes, source: "m.json", expecting: other)
        }
        #expect(mismatch?.code == .extractorMismatch && mismatch?.message.contains("logmel-stats") == true)
        let newer = Data(
            String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"version\":1", with: "\"version\":9").utf8
        )
        #expect(
            throws: ModelFileError(
                .newerVersion, "m.json: model format version 9 is newer than this Tagmine reads (1); upgrade Tagmine")
        ) {
            _ = try ModelFile.decode(newer, source: "m.json")
        }
        let error = #expect(throws: ModelFileError.self) { _ = try ModelFile.decode(Data("{}".utf8), source: "x") }
        #expect(error?.code == .notAModel)
        let cut = #expect(throws: ModelFileError.self) {
            _ = try ModelFile.decode(bytes.prefix(bytes.count / 2), source: "x")
        }
        #expect(cut?.code == .corrupt)
    }

    @Test func theFileNamesItsArchitectureAndAReaderRefusesOneItCannotRun() throws {
        let data = blobs(classes: 2, perClass: 10, dimensions: 3)
        let (classifier, _) = Trainer(options: TrainingOptions()).fit(data, rows: Array(0..<data.rows))
        let bytes = try ModelFile(
            model: .dense(classifier), extractor: ExtractorSpec(.logmelStats), training: TrainingOptions()
        )
        .encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""architecture":"dense""#))

        // The first Tagmines wrote no architecture: such a file is a dense head.
        let old = Data(text.replacingOccurrences(of: #""architecture":"dense","#, with: "").utf8)
        #expect(try ModelFile.decode(old, source: "old.json").model == .dense(classifier))

        let cnn = Data(text.replacingOccurrences(of: #""architecture":"dense""#, with: #""architecture":"cnn-x""#).utf8)
        #expect(
            throws: ModelFileError(
                .unknownArchitecture,
                "cnn.json: the model is a 'cnn-x' network, which this Tagmine cannot run; upgrade Tagmine")
        ) {
            _ = try ModelFile.decode(cnn, source: "cnn.json")
        }
    }
}

/// Collects the folds `onFold` reports.
private actor FoldLog {
    var results: [FoldResult] = []
    func add(_ result: FoldResult) { results.append(result) }
}

@Suite struct TrainerInputTests {
    @Test func dataRemembersEachTracksMatrixShapeAndTheHeadsTakeOnlyVectors() {
        let data = LabeledData(
            features: Array(repeating: 0, count: 12), rows: 2, columns: 6, sampleShape: [2, 3], classes: ["a", "b"],
            labels: [[0], [1]], multiLabel: false)
        #expect(data.sampleShape == [2, 3])
        #expect(blobs(classes: 2, perClass: 3, dimensions: 4).sampleShape == [4])
        var options = TrainingOptions()
        options.model = .mlp
        #expect(
            Trainer(options: options).inputProblem(matrices: true)
                == "the mlp head takes one vector per track, not a matrix")
        #expect(Trainer(options: options).inputProblem(matrices: false) == nil)
    }
}
