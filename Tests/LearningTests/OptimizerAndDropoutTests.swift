import Foundation
import Testing

@testable import Learning

@Suite struct OptimizerAndDropoutTests {
    @Test func sgdWithMomentumFollowsPyTorchsRule() {
        // v = μ·v + g, p -= rate · v: two steps of a constant gradient move p by rate · g · (1 + (1 + μ)).
        var optimizer = Optimizer(.sgd, momentum: 0.9, sizes: [2])
        var parameters: [Float] = [1, -2]
        let gradient: [Float] = [0.5, -1]
        for _ in 0..<2 {
            optimizer.beginStep()
            gradient.withUnsafeBufferPointer { g in
                parameters.withUnsafeMutableBufferPointer { optimizer.update(0, $0, g, rate: 0.1) }
            }
        }
        #expect(abs(parameters[0] - (1 - 0.1 * 0.5 * 2.9)) < 1e-6)
        #expect(abs(parameters[1] - (-2 + 0.1 * 1 * 2.9)) < 1e-6)
    }

    @Test func amsgradNeverStepsFurtherThanItsLargestSecondMomentAllows() {
        // A large gradient then small ones: AMSGrad keeps the large second moment, so its later
        // steps are smaller than Adam's.
        func run(_ kind: OptimizerKind) -> Float {
            var optimizer = Optimizer(kind, sizes: [1])
            var parameter: [Float] = [0]
            for gradient: Float in [10, 0.1, 0.1, 0.1] {
                optimizer.beginStep()
                [gradient].withUnsafeBufferPointer { g in
                    parameter.withUnsafeMutableBufferPointer { optimizer.update(0, $0, g, rate: 0.01) }
                }
            }
            return parameter[0]
        }
        #expect(run(.amsgrad) > run(.adam))
        #expect(run(.amsgrad) < 0)
    }

    @Test func dropoutZeroesItsShareScalesTheRestAndMasksTheGradientAlike() {
        let layer = Dropout(input: MapShape(channels: 1000, height: 1, width: 10), rate: 0.25)
        var random = SeededRandom(seed: 9)
        let x = [Float](repeating: 2, count: 10_000)
        let y = layer.forward(x, batch: 1, mode: .training, random: &random)
        let dropped = y.filter { $0 == 0 }.count
        #expect((2_300...2_700).contains(dropped))
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 2 / 0.75) < 1e-6 })
        let dx = layer.backward([Float](repeating: 1, count: 10_000), batch: 1)
        #expect(zip(y, dx).allSatisfy { ($0 == 0) == ($1 == 0) })
        #expect(layer.forward(x, batch: 1, mode: .inference, random: &random) == x)
    }
}

@Suite struct BLASKernelTests {
    /// OpenBLAS 0.3.21 falls back to its SSE3 kernels on CPUs it does not know (a VM's "Intel Xeon
    /// Processor"); on any CPU with AVX2 and FMA, Tagmine must be running faster ones.
    @Test func theKernelsFitTheCPU() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
        )
        let core = BLAS.core
        #expect(!core.isEmpty)
        if flags.contains("avx2") && flags.contains("fma") {
            #expect(core != "Prescott" && core != "Nehalem" && core != "Core2", "\(core)")
        }
    }
}
