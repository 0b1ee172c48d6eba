/// Branches that each take the same input and whose outputs, all of one shape, are summed (the
/// ESC-50 network's four kernel sizes).
final class ParallelBranches: Layer {
    let input: MapShape
    let output: MapShape
    let branches: [[any Layer]]

    var parameters: [Parameter] { branches.flatMap { $0.flatMap(\.parameters) } }
    var statistics: [Parameter] { branches.flatMap { $0.flatMap(\.statistics) } }

    init(input: MapShape, output: MapShape, branches: [[any Layer]]) {
        self.input = input
        self.output = output
        self.branches = branches
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        var sum = [Float](repeating: 0, count: batch * output.count)
        let input = x
        for branch in branches {
            var y = copy input
            for layer in branch { y = layer.forward(consume y, batch: batch, mode: mode, random: &random) }
            sum.withUnsafeMutableBufferPointer { sum in
                y.withUnsafeBufferPointer { VectorLoops.add($0.baseAddress!, into: sum.baseAddress!, count: sum.count) }
            }
        }
        return sum
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        var dx = [Float](repeating: 0, count: batch * input.count)
        let upstream = gradient
        for branch in branches {
            var d = copy upstream
            for layer in branch.reversed() { d = layer.backward(consume d, batch: batch) }
            dx.withUnsafeMutableBufferPointer { dx in
                d.withUnsafeBufferPointer { VectorLoops.add($0.baseAddress!, into: dx.baseAddress!, count: dx.count) }
            }
        }
        return dx
    }
}
