import Foundation

/// Limited-memory BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking Armijo line search,
/// for smooth convex objectives such as L2-regularised softmax regression: what scikit-learn's
/// `LogisticRegression(solver="lbfgs")` runs, in float32 with the sums in double.
struct LBFGS {
    /// Correction pairs kept (scipy's default).
    var memory = 10
    /// Stops when no gradient entry is larger (scikit-learn's `tol`).
    var gradientTolerance: Float = 1e-4
    /// Stops after this many iterations.
    var iterations: Int

    /// Minimises `objective` (its value and gradient at a point) from `x`, in place. After each
    /// iteration `stop` sees the point, always the one `objective` evaluated last, and its value,
    /// and ends the search by returning true. It also
    /// stops when a line search finds no lower value (float32 noise near the minimum).
    func minimize(
        _ x: inout [Float], _ objective: ([Float]) -> (value: Double, gradient: [Float]),
        stop: (_ x: [Float], _ value: Double) -> Bool
    ) {
        var (value, gradient) = objective(x)
        var steps: [[Float]] = [], changes: [[Float]] = [], curvatures: [Double] = []
        for _ in 0..<iterations {
            guard let largest = gradient.lazy.map(abs).max(), largest > gradientTolerance else { break }
            var direction = gradient
            var alphas = [Double](repeating: 0, count: steps.count)
            for i in steps.indices.reversed() {
                alphas[i] = curvatures[i] * Self.dot(steps[i], direction)
                Self.add(-alphas[i], changes[i], to: &direction)
            }
            // The first step is one unit long; later ones take the latest pair's curvature.
            let scale =
                changes.last.map { Self.dot(steps.last!, $0) / Self.dot($0, $0) }
                ?? 1 / Self.dot(gradient, gradient).squareRoot()
            direction.withUnsafeMutableBufferPointer {
                BLAS.scale($0.baseAddress!, by: Float(-scale), count: $0.count)
            }
            for i in steps.indices {
                let beta = curvatures[i] * Self.dot(changes[i], direction)
                Self.add(-alphas[i] - beta, steps[i], to: &direction)
            }
            let slope = Self.dot(gradient, direction)
            guard slope < 0 else { break }
            var length = 1.0
            var accepted: (x: [Float], value: Double, gradient: [Float])?
            for _ in 0..<40 {
                var candidate = x
                Self.add(length, direction, to: &candidate)
                let (candidateValue, candidateGradient) = objective(candidate)
                if candidateValue <= value + 1e-4 * length * slope {
                    accepted = (candidate, candidateValue, candidateGradient)
                    break
                }
                length /= 2
            }
            guard let accepted else { break }
            var step = accepted.x, change = accepted.gradient
            Self.add(-1, x, to: &step)
            Self.add(-1, gradient, to: &change)
            let curvature = Self.dot(step, change)
            // Strict convexity keeps this positive; float32 noise near the minimum may not.
            if curvature > 0 {
                steps.append(step)
                changes.append(change)
                curvatures.append(1 / curvature)
                if steps.count > memory {
                    steps.removeFirst()
                    changes.removeFirst()
                    curvatures.removeFirst()
                }
            }
            (x, value, gradient) = accepted
            if stop(x, value) { break }
        }
    }

    private static func dot(_ a: [Float], _ b: [Float]) -> Double {
        BLAS.dot(a, b, count: a.count)
    }

    private static func add(_ factor: Double, _ a: [Float], to b: inout [Float]) {
        let count = a.count
        b.withUnsafeMutableBufferPointer { BLAS.axpy(Float(factor), a, $0.baseAddress!, count: count) }
    }
}
