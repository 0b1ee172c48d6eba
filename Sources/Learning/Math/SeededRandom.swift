import Foundation

/// xoshiro256** (Blackman & Vigna), seeded with ``SplitMix64`` as its authors advise: every shuffle, dropout
/// mask, mixup draw and initial weight comes from one of these, so a seed fixes a whole run.
struct SeededRandom: RandomNumberGenerator {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var seeding = SplitMix64(seed: seed)
        words = (seeding.next(), seeding.next(), seeding.next(), seeding.next())
    }

    /// The generator's whole state, to save and restore it.
    var state: [UInt64] {
        get { [words.0, words.1, words.2, words.3] }
        set {
            precondition(newValue.count == 4, "xoshiro256** has four words of state")
            words = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }

    mutating func next() -> UInt64 {
        let result = rotate(words.1 &* 5, 7) &* 9
        let shifted = words.1 << 17
        words.2 ^= words.0
        words.3 ^= words.1
        words.1 ^= words.2
        words.0 ^= words.3
        words.2 ^= shifted
        words.3 = rotate(words.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform float on [0, 1).
    mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }

    /// A standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(Double(next() >> 11) / Double(1 << 53), .leastNonzeroMagnitude)
        let v = Double(next() >> 11) / Double(1 << 53)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// A Gamma(shape, 1) draw (Marsaglia & Tsang; shape < 1 boosted by u^(1/shape)).
    mutating func gamma(_ shape: Double) -> Double {
        if shape < 1 {
            let u = max(Double(next() >> 11) / Double(1 << 53), .leastNonzeroMagnitude)
            return gamma(shape + 1) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = Double(next() >> 11) / Double(1 << 53)
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Beta(alpha, alpha) draw, mixup's mixing weight.
    mutating func beta(_ alpha: Double) -> Float {
        let a = gamma(alpha), b = gamma(alpha)
        return Float(a / (a + b))
    }
}
