import Foundation
import TagmineTestSupport
import Testing

@testable import Learning

/// Every CNN layer's forward values and gradients, and a whole small network's, against PyTorch
/// (Fixtures/make_torch_fixtures.py, float64 on the same float32 inputs): relative error ≤ 1e-4.
@Suite struct ConvLayerGradientTests {
    struct Document: Decodable {
        var layers: [LayerCase]
        var network: NetworkCase
    }

    struct LayerCase: Decodable {
        var name: String
        var inputShape: [Int]
        var input: [Float]
        var parameters: [[Float]]
        var output: [Float]
        var outputShape: [Int]
        var upstream: [Float]
        var inputGradient: [Float]
        var parameterGradients: [[Float]]
        var statistics: [[Float]]?
        var kernel: [Int]?
        var stride: [Int]?
        var padding: [Int]?
        var size: [Int]?
        var slope: Float?
    }

    struct NetworkCase: Decodable {
        var architecture: ConvArchitecture
        var inputShape: [Int]
        var input: [Float]
        var targets: [Float]
        var tensors: [[Float]]
        var probabilities: [Float]
        var loss: Float
        var inputGradient: [Float]
        var tensorGradients: [[Float]]
        var statisticsAfter: [[Float]]
    }

    static let document: Document? = try? fixture(Document.self, named: "torch_layers.json")

    /// The largest difference relative to the reference's largest magnitude, at least 1e-3: a
    /// convolution's bias before batch norm has a gradient of exactly 0, which float32 sums
    /// reach only to about 1e-9.
    func relativeError(_ values: [Float], _ reference: [Float]) -> Float {
        guard values.count == reference.count else { return .infinity }
        let scale = max(reference.map(abs).max() ?? 0, 1e-3)
        return zip(values, reference).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    func shape(_ dims: [Int]) -> MapShape {
        MapShape(channels: dims[1], height: dims.count > 2 ? dims[2] : 1, width: dims.count > 3 ? dims[3] : 1)
    }

    func layer(for test: LayerCase) throws -> any Layer {
        var random = SeededRandom(seed: 1)
        let input = shape(test.inputShape), output = shape(test.outputShape)
        switch test.name {
        case "conv-same-stride", "conv-valid-stride":
            let (kernel, stride, padding) = try (#require(test.kernel), #require(test.stride), #require(test.padding))
            return Convolution(
                input: input, output: output, kernel: (kernel[0], kernel[1]), stride: (stride[0], stride[1]),
                padding: (padding[0], padding[1]), random: &random)
        case "batchnorm-training", "batchnorm-inference": return BatchNormalization(input: input)
        case "relu": return Rectifier(input: input)
        case "leaky-relu": return Rectifier(input: input, slope: try #require(test.slope))
        case "max-pool", "average-pool":
            let (size, stride) = try (#require(test.size), #require(test.stride))
            return Pooling(
                input: input, kind: test.name == "max-pool" ? .max : .average, size: (size[0], size[1]),
                stride: (stride[0], stride[1]))
        case "global-average": return GlobalPooling(input: input, kind: .average)
        case "global-max": return GlobalPooling(input: input, kind: .max)
        case "global-both": return GlobalPooling(input: input, kind: .both)
        case "dense": return FullyConnected(input: input, outputs: test.outputShape[1], random: &random)
        default: throw FixtureError.unknownCase(test.name)
        }
    }

    enum FixtureError: Error { case unknownCase(String) }

    @Test func theFixtureCoversEveryLayer() throws {
        let names = Set(try #require(Self.document).layers.map(\.name))
        #expect(
            names == [
                "conv-same-stride", "conv-valid-stride", "batchnorm-training", "batchnorm-inference", "relu",
                "leaky-relu", "max-pool", "average-pool", "global-average", "global-max", "global-both", "dense",
            ])
    }

    @Test(arguments: (Self.document?.layers ?? []).map(\.name))
    func layerForwardAndBackwardMatchPyTorch(_ name: String) throws {
        let test = try #require(Self.document?.layers.first { $0.name == name })
        let layer = try layer(for: test)
        #expect(layer.output == shape(test.outputShape), "output shape")
        for (parameter, values) in zip(layer.parameters, test.parameters) { parameter.values = values }
        // PyTorch's eval-mode batch norm: the running statistics, held fixed while gradients flow.
        let frozen = name == "batchnorm-inference"
        if frozen, let statistics = test.statistics {
            for (statistic, values) in zip(layer.statistics, statistics) { statistic.values = values }
        }
        var random = SeededRandom(seed: 1)
        let batch = test.inputShape[0]
        if frozen {
            let predicted = layer.forward(test.input, batch: batch, mode: .inference, random: &random)
            #expect(relativeError(predicted, test.output) <= 1e-4, "\(name) inference forward")
        }
        let output = layer.forward(
            test.input, batch: batch, mode: frozen ? .frozenStatistics : .training, random: &random)
        #expect(relativeError(output, test.output) <= 1e-4, "\(name) forward")
        let inputGradient = layer.backward(test.upstream, batch: batch)
        #expect(relativeError(inputGradient, test.inputGradient) <= 1e-4, "\(name) ∂input")
        #expect(layer.parameters.count == test.parameterGradients.count)
        for (index, (parameter, reference)) in zip(layer.parameters, test.parameterGradients).enumerated() {
            #expect(relativeError(parameter.gradient, reference) <= 1e-4, "\(name) ∂parameter \(index)")
        }
        // Training updates the running statistics as PyTorch does; frozen ones stay as they were.
        if let statistics = test.statistics {
            for (statistic, reference) in zip(layer.statistics, statistics) {
                #expect(relativeError(statistic.values, reference) <= 1e-4, "\(name) running statistics")
            }
        }
    }

    @Test func aWholeNetworkWithBranchesMatchesPyTorch() throws {
        let test = try #require(Self.document?.network)
        let (batch, mels, frames) = (test.inputShape[0], test.inputShape[2], test.inputShape[3])
        let classes = test.targets.count / batch
        var random = SeededRandom(seed: 3)
        let stack = try LayerStack(
            test.architecture, input: MapShape(channels: 1, height: mels, width: frames), outputs: classes,
            random: &random)
        #expect(stack.tensorSizes == test.tensors.map(\.count))
        stack.load(test.tensors)
        var probabilities = stack.forward(test.input, batch: batch, mode: .training, random: &random)
        Network.activate(&probabilities, rows: batch, columns: classes, .softmax)
        #expect(relativeError(probabilities, test.probabilities) <= 1e-4)
        let (loss, delta) = OutputLoss.gradient(
            probabilities, targets: test.targets, weights: [Float](repeating: 1, count: batch), rows: batch,
            classes: classes, .softmax)
        #expect(abs(loss - test.loss) / test.loss <= 1e-4)
        let inputGradient = stack.backward(delta, batch: batch)
        #expect(relativeError(inputGradient, test.inputGradient) <= 1e-4, "∂input")
        let parameters = stack.layers.flatMap(\.parameters)
        #expect(parameters.count == test.tensorGradients.count)
        for (index, (parameter, reference)) in zip(parameters, test.tensorGradients).enumerated() {
            #expect(relativeError(parameter.gradient, reference) <= 1e-4, "∂tensor \(index)")
        }
        let statistics = stack.layers.flatMap(\.statistics)
        #expect(statistics.count == test.statisticsAfter.count)
        for (statistic, reference) in zip(statistics, test.statisticsAfter) {
            #expect(relativeError(statistic.values, reference) <= 1e-4, "running statistics")
        }
    }
}
