import Foundation
import Testing

@testable import Learning

/// The vectorised exponential and softmax pieces the L-BFGS objective and prediction use, against
/// the C library's `expf` and plain loops.
@Suite struct VectorMathTests {
    @Test func expIsWithinTwoUlpOfTheCLibraryOverItsRange() {
        var worst: Float = 0
        var x: Float = -87
        while x + 15 * 0.0007 <= 88 {
            let lanes = VectorMath.exp(VectorMath.Lane((0..<16).map { x + Float($0) * 0.0007 }))
            for lane in 0..<16 {
                let expected = expf(x + Float(lane) * 0.0007)
                worst = max(worst, abs(lanes[lane] - expected) / expected.ulp)
            }
            x += 0.0113
        }
        #expect(worst <= 2, "largest difference from expf: \(worst) ulp")
    }

    @Test func expOfVeryNegativeValuesIsTinyNotZeroOrNaN() {
        let lanes = VectorMath.exp(VectorMath.Lane(repeating: -1000))
        #expect(lanes[0] > 0 && lanes[0] < 2e-38)
        #expect(VectorMath.exp(VectorMath.Lane(repeating: -.infinity))[3] == lanes[3])
    }

    /// 37 values: two full lanes of sixteen and a tail of five.
    @Test func exponentiateGivesTheShiftedExponentialsTheirPeakAndSum() {
        let values = (0..<37).map { Float(($0 * 7919) % 23) * 0.37 - 4 }
        var z = values
        let (peak, sum) = z.withUnsafeMutableBufferPointer { VectorMath.exponentiate($0.baseAddress!, count: 37) }
        #expect(peak == values.max())
        for (got, value) in zip(z, values) { #expect(abs(got - expf(value - peak)) <= 2 * got.ulp) }
        let expected = values.reduce(0) { $0 + Double(expf($1 - peak)) }
        #expect(abs(Double(sum) - expected) < 1e-5 * expected)
    }

    @Test func weightedSumGivesTheDotProductAndTheWeightsSum() {
        let a = (0..<37).map { Float($0 % 5) * 0.25 }, b = (0..<37).map { Float($0) - 18 }
        let (dot, sum) = VectorMath.weightedSum(a, b, count: 37)
        #expect(abs(dot - zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }) < 1e-3)
        #expect(sum == a.reduce(0, +))
    }
}
