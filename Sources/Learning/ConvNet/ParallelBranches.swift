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

    func forward(_ x: [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        var sum = [Float](repeating: 0, count: batch * output.count)
        for branch in branches {
            let y = branch.reduce(x) { $1.forward($0, batch: batch, mode: mode, random: &random) }
            for i in sum.indices { sum[i] += y[i] }
        }
        return sum
    }

    func backward(_ gradient: [Float], batch: Int) -> [Float] {
        var dx = [Float](repeating: 0, count: batch * input.count)
        for branch in branches {
            let d = branch.reversed().reduce(gradient) { $1.backward($0, batch: batch) }
            for i in dx.indices { dx[i] += d[i] }
        }
        return dx
    }
}
