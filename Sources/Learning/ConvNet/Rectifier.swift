/// ReLU, or leaky ReLU with `slope` for negative inputs (PyTorch's `LeakyReLU` default is 0.01).
final class Rectifier: Layer {
    let input: MapShape
    var output: MapShape { input }
    let slope: Float
    private var positive: [Bool] = []

    init(input: MapShape, slope: Float = 0) {
        self.input = input
        self.slope = slope
    }

    func forward(_ x: [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        if mode == .training { positive = x.map { $0 > 0 } }
        let slope = self.slope
        return x.map { $0 > 0 ? $0 : $0 * slope }
    }

    func backward(_ gradient: [Float], batch: Int) -> [Float] {
        var dx = gradient
        for i in dx.indices where !positive[i] { dx[i] *= slope }
        return dx
    }
}
