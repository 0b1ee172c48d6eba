import Testing

@testable import AudioFeatures

/// The eight-lane loops against the scalar arithmetic they replace, across every tail length and
/// unaligned starts.
@Suite struct DenseMathTests {
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 23) - 1
        }
    }

    @Test func multiplyGivesEveryProductExactly() {
        let a = Self.values(70, seed: 1), b = Self.values(70, seed: 2)
        for start in 0..<3 {
            for count in 0...(a.count - start) {
                var product = [Float](repeating: .nan, count: a.count)
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        product.withUnsafeMutableBufferPointer {
                            DenseMath.multiply(
                                a.baseAddress! + start, b.baseAddress!, into: $0.baseAddress! + start, count: count)
                        }
                    }
                }
                let expected = (0..<count).map { a[start + $0] * b[$0] }
                #expect(Array(product[start..<(start + count)]) == expected, "start \(start), count \(count)")
                #expect(product[(start + count)...].allSatisfy { $0.isNaN }, "wrote past \(count) values")
            }
        }
    }

    @Test func largestMagnitudeFindsThePeakWhereverItIsAndWhateverItsSign() {
        for count in 1...40 {
            for position in 0..<count {
                for sign in [Float(1), -1] {
                    var samples = Self.values(count, seed: UInt64(count)).map { $0 * 0.5 }
                    samples[position] = sign * 0.75
                    let peak = samples.withUnsafeBufferPointer(DenseMath.largestMagnitude)
                    #expect(peak == 0.75, "count \(count), peak at \(position), sign \(sign): \(peak)")
                }
            }
        }
        #expect([Float]().withUnsafeBufferPointer(DenseMath.largestMagnitude) == 0)
        let withNaN: [Float] = [0.1, .nan, -0.3] + [Float](repeating: 0.2, count: 9) + [.nan]
        #expect(withNaN.withUnsafeBufferPointer(DenseMath.largestMagnitude) == Float(0.3))
        #expect(AudioClip(samples: [0.25, -0.5, 0.125], sampleRate: 8_000).peak == 0.5)
    }
}
