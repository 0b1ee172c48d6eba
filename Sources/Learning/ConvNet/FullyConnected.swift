/// A dense layer on each sample's flattened values: `outputs × inputs` weights (PyTorch's
/// `Linear` layout) and `outputs` biases.
final class FullyConnected: Layer {
    let input: MapShape
    let output: MapShape
    let weight: Parameter
    let bias: Parameter
    private var lastInput: [Float] = []

    var parameters: [Parameter] { [weight, bias] }

    init(input: MapShape, outputs: Int, random: inout SeededRandom) {
        self.input = input
        output = MapShape(channels: outputs, height: 1, width: 1)
        weight = Parameter(
            pytorchUniform(count: outputs * input.count, fanIn: input.count, random: &random), decays: true)
        bias = Parameter(pytorchUniform(count: outputs, fanIn: input.count, random: &random), decays: false)
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        if mode.trains { lastInput = x }
        let outputs = output.channels
        var y = [Float](repeating: 0, count: batch * outputs)
        for sample in 0..<batch {
            for j in 0..<outputs { y[sample * outputs + j] = bias.values[j] }
        }
        BLAS.gemm(x, weight.values, transposeB: true, into: &y, m: batch, n: outputs, k: input.count, beta: 1)
        return y
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        let outputs = output.channels
        BLAS.gemm(
            gradient, transposeA: true, lastInput, into: &weight.gradient, m: outputs, n: input.count, k: batch,
            beta: 1)
        for sample in 0..<batch {
            for j in 0..<outputs { bias.gradient[j] += gradient[sample * outputs + j] }
        }
        var dx = [Float](repeating: 0, count: batch * input.count)
        BLAS.gemm(gradient, weight.values, into: &dx, m: batch, n: input.count, k: outputs)
        return dx
    }
}
