/// Folds the frequency axis into the channels (`c × h × w` becomes `c·h × 1 × w`), so that the
/// convolutions after it are 1-D over time with every band as an input channel. The values stay
/// where they are: only the shape changes.
final class FoldFrequency: Layer {
    let input: MapShape
    var output: MapShape { MapShape(channels: input.channels * input.height, height: 1, width: input.width) }

    init(input: MapShape) {
        self.input = input
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] { x }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] { gradient }
}
