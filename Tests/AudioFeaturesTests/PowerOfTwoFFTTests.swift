import Foundation
import Testing

@testable import AudioFeatures

/// The SIMD real FFT against a direct DFT in double precision.
@Suite struct PowerOfTwoFFTTests {
    /// `|X[k]|²` of `x` by the definition, in double precision.
    static func directPower(_ x: [Float]) -> [Double] {
        let n = x.count
        return (0...(n / 2)).map { k in
            var re = 0.0, im = 0.0
            for (t, value) in x.enumerated() {
                let angle = -2 * Double.pi * Double(k * t % n) / Double(n)
                re += Double(value) * cos(angle)
                im += Double(value) * sin(angle)
            }
            return re * re + im * im
        }
    }

    // Sizes whose half is a power of 4 (radix-4 stages only) and not (a radix-2 stage last).
    @Test(arguments: [32, 64, 128, 256, 512, 1024, 2048, 4096])
    func matchesTheDefinitionOfTheDFT(size: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let x = (0..<size).map { t -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Float(state >> 40) / Float(1 << 24) - 0.5
            return noise + 0.7 * Float(sin(0.05 * Double(t))) + 0.2 * Float(cos(2.9 * Double(t)))
        }
        let fft = PowerOfTwoFFT(size: size)
        var power = [Float](repeating: -1, count: size / 2 + 1)
        x.withUnsafeBufferPointer { samples in
            power.withUnsafeMutableBufferPointer { fft.powerSpectrum(samples.baseAddress!, into: $0.baseAddress!) }
        }
        let expected = Self.directPower(x)
        let peak = expected.max() ?? 1
        let worst = zip(power, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(worst <= 2e-5 * peak, "size \(size): worst \(worst) against a peak of \(peak)")
        #expect(!power.contains(-1))
    }

    @Test func takesPowersOfTwoFrom32() {
        #expect(PowerOfTwoFFT.supports(32) && PowerOfTwoFFT.supports(2048))
        #expect(!PowerOfTwoFFT.supports(16) && !PowerOfTwoFFT.supports(2000) && !PowerOfTwoFFT.supports(0))
    }
}
