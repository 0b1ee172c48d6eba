import Foundation

extension LearningRateSchedule {
    /// The rate for `epoch` (from 0) of `epochs`.
    func rate(_ base: Float, epoch: Int, epochs: Int, cycleEpochs: Int) -> Float {
        switch self {
        case .constant: return base
        case .cosine: return base * 0.5 * (1 + Float(cos(Double.pi * Double(epoch) / Double(max(1, epochs)))))
        case .cyclic:
            let period = max(2, cycleEpochs)
            let phase = Float(epoch % period) / Float(period)
            let triangle = 1 - abs(2 * phase - 1)
            return base * (0.1 + 0.9 * triangle)
        }
    }
}
