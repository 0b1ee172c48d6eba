/// Inverted dropout: while training, each value is zeroed with probability `rate` and the rest
/// scaled by `1 / (1 − rate)`; at inference it passes values through.
final class Dropout: Layer {
    let input: MapShape
    var output: MapShape { input }
    let rate: Float
    private var mask: [Float] = []

    init(input: MapShape, rate: Float) {
        self.input = input
        self.rate = rate
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        guard mode.trains, rate > 0 else { return x }
        let keep = 1 - rate
        mask = x.indices.map { _ in random.unit() < keep ? 1 / keep : 0 }
        return zip(x, mask).map { $0 * $1 }
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        guard rate > 0 else { return gradient }
        return zip(gradient, mask).map { $0 * $1 }
    }
}
